package io.github.restic4j.core.command;

/**
 * A snapshot that {@code restic tag} rewrote under a new id (restic 0.18.0+ reports these).
 *
 * @param oldSnapshotId the full id before
 * @param newSnapshotId the full id after
 */
public record SnapshotIdChange(String oldSnapshotId, String newSnapshotId) {}
