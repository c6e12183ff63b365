package io.github.restic4j.core.command;

import java.time.LocalDateTime;

/**
 * One key (password) of the repository, from {@code restic key list --json}. Every restic version.
 *
 * @param current whether this is the key the repository was opened with
 * @param id the key id: 8 hex characters up to 0.16, the full 64 from 0.17.0
 * @param userName the user who created it
 * @param hostName the host it was created on
 * @param created when it was created, in the creating host's local time (restic prints no zone)
 */
public record KeyInfo(
    boolean current, String id, String userName, String hostName, LocalDateTime created) {}
