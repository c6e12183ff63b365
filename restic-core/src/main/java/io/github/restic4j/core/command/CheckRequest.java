package io.github.restic4j.core.command;

import io.github.restic4j.core.LockMode;
import io.github.restic4j.core.ResticVersion;
import io.github.restic4j.core.error.InvalidRequestException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the repository for errors ({@code restic check}), optionally reading all or part of the
 * pack data. Takes an exclusive lock. Every restic version; structured output on 0.18.0+, text
 * before.
 */
public final class CheckRequest extends TimedRequest<CheckResult, Void> {

  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
  private static final Pattern FRACTION = Pattern.compile("(\\d+)/(\\d+)");
  private static final Pattern SIZE = Pattern.compile("\\d+[kKmMgGtT]?");

  private final boolean readData;
  private final String readDataSubset;

  private CheckRequest(Builder b) {
    super(b.timeoutValue());
    this.readData = b.readData;
    this.readDataSubset = b.readDataSubset;
  }

  /**
   * Starts a request (structure check only).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether all pack data is read ({@code --read-data}).
   *
   * @return true if so
   */
  public boolean readData() {
    return readData;
  }

  /**
   * The part of the data to read ({@code --read-data-subset}).
   *
   * @return for example {@code 10%}, {@code 1/5} or {@code 500M}, if set
   */
  public Optional<String> readDataSubset() {
    return Optional.ofNullable(readDataSubset);
  }

  @Override
  public String command() {
    return "check";
  }

  @Override
  public LockMode lockMode(ResticVersion version) {
    return LockMode.EXCLUSIVE;
  }

  /** Builds a {@link CheckRequest}. */
  public static final class Builder extends RequestBuilder<Builder> {
    private boolean readData;
    private String readDataSubset;

    private Builder() {}

    /**
     * Reads all pack data ({@code --read-data}).
     *
     * @return this builder
     */
    public Builder readData() {
      this.readData = true;
      return this;
    }

    /**
     * Reads part of the pack data ({@code --read-data-subset}).
     *
     * @param subset a percentage ({@code 10%}, above 0 and at most 100), a fraction {@code n/t} (1
     *     &le; n &le; t) or a size ({@code 500M})
     * @return this builder
     * @throws InvalidRequestException if the value has none of these forms
     */
    public Builder readDataSubset(String subset) {
      Requests.nonBlank(subset, "readDataSubset");
      Matcher p = PERCENT.matcher(subset);
      Matcher f = FRACTION.matcher(subset);
      if (p.matches()) {
        double v = Double.parseDouble(p.group(1));
        if (v <= 0 || v > 100) {
          throw new InvalidRequestException(
              "readDataSubset percentage must be above 0 and at most 100, was " + subset);
        }
      } else if (f.matches()) {
        long n = Long.parseLong(f.group(1));
        long t = Long.parseLong(f.group(2));
        if (n < 1 || t < 1 || n > t) {
          throw new InvalidRequestException("readDataSubset n/t needs 1 <= n <= t, was " + subset);
        }
      } else if (!SIZE.matcher(subset).matches()) {
        throw new InvalidRequestException(
            "readDataSubset must be like 10%, 1/5 or 500M, was " + subset);
      }
      this.readDataSubset = subset;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException if both readData and readDataSubset are set
     */
    public CheckRequest build() {
      if (readData && readDataSubset != null) {
        throw new InvalidRequestException(
            "readData and readDataSubset(" + readDataSubset + ") cannot be combined");
      }
      return new CheckRequest(this);
    }
  }
}
