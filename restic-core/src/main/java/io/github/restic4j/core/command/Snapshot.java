package io.github.restic4j.core.command;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One snapshot as restic lists it ({@code snapshots --json}, also inside {@code forget} and {@code
 * ls} output). Every restic version; {@code programVersion} from 0.16, {@code summary} from 0.17.
 *
 * @param id the full 64-hex snapshot id
 * @param shortId the first 8 characters of the id
 * @param time when the snapshot was taken, in the backing-up host's zone
 * @param parent id of the parent snapshot (empty if none)
 * @param tree id of the root tree
 * @param paths the backed-up paths
 * @param hostname the host name recorded
 * @param username the user name recorded
 * @param uid the user id recorded
 * @param gid the group id recorded
 * @param excludes exclude patterns used
 * @param tags tags
 * @param original id of the snapshot this one was rewritten from (empty if none)
 * @param programVersion restic version that took it (empty before 0.16)
 * @param summary backup statistics (null before 0.17)
 */
public record Snapshot(
    String id,
    String shortId,
    OffsetDateTime time,
    String parent,
    String tree,
    List<String> paths,
    String hostname,
    String username,
    long uid,
    long gid,
    List<String> excludes,
    List<String> tags,
    String original,
    String programVersion,
    SnapshotSummary summary) {

  /**
   * Creates the value, checking and normalising its components.
   *
   * @param id the full 64-hex snapshot id
   * @param shortId the first 8 characters of the id
   * @param time when the snapshot was taken, in the backing-up host's zone
   * @param parent id of the parent snapshot (empty if none)
   * @param tree id of the root tree
   * @param paths the backed-up paths
   * @param hostname the host name recorded
   * @param username the user name recorded
   * @param uid the user id recorded
   * @param gid the group id recorded
   * @param excludes exclude patterns used
   * @param tags tags
   * @param original id of the snapshot this one was rewritten from (empty if none)
   * @param programVersion restic version that took it (empty before 0.16)
   * @param summary backup statistics (null before 0.17)
   */
  public Snapshot {
    id = id == null ? "" : id;
    shortId = shortId == null ? (id.length() > 8 ? id.substring(0, 8) : id) : shortId;
    parent = parent == null ? "" : parent;
    tree = tree == null ? "" : tree;
    paths = paths == null ? List.of() : List.copyOf(paths);
    hostname = hostname == null ? "" : hostname;
    username = username == null ? "" : username;
    excludes = excludes == null ? List.of() : List.copyOf(excludes);
    tags = tags == null ? List.of() : List.copyOf(tags);
    original = original == null ? "" : original;
    programVersion = programVersion == null ? "" : programVersion;
  }

  /**
   * The backup statistics, if restic recorded them (0.17.0+).
   *
   * @return the summary
   */
  public Optional<SnapshotSummary> summaryIfPresent() {
    return Optional.ofNullable(summary);
  }
}
