package io.github.restic4j.core.command;

/**
 * A repository's config ({@code restic cat config}) or the result of {@code init}.
 *
 * @param version repository format version (2 since restic 0.14 by default; 0 when unknown, for
 *     example after {@code init} on restic 0.14 which prints only text)
 * @param id the repository id (64 hex characters)
 * @param chunkerPolynomial the content-defined chunking polynomial (empty when unknown)
 */
public record RepositoryConfig(int version, String id, String chunkerPolynomial) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param version repository format version (2 since restic 0.14 by default; 0 when unknown, for
   *     example after {@code init} on restic 0.14 which prints only text)
   * @param id the repository id (64 hex characters)
   * @param chunkerPolynomial the content-defined chunking polynomial (empty when unknown)
   */
  public RepositoryConfig {
    id = id == null ? "" : id;
    chunkerPolynomial = chunkerPolynomial == null ? "" : chunkerPolynomial;
  }
}
