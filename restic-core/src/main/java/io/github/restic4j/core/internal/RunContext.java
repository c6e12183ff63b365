package io.github.restic4j.core.internal;

import io.github.restic4j.core.ResticVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything a repository contributes to running one command: binary, version, global arguments,
 * child environment (with secrets), inheritance rule, redaction, timeouts.
 *
 * @param binary the restic executable
 * @param version its version
 * @param globalArguments flags placed before the command (cache, {@code -o} options)
 * @param environment variables for the child, including secrets
 * @param inherit which JVM variables the child inherits
 * @param redactor masks this repository's secrets
 * @param defaultTimeout timeout when the request sets none
 * @param gracePeriod time restic gets to clean up after SIGINT
 * @param displayName the repository location with credentials masked (for logs and MDC)
 */
public record RunContext(
    Path binary,
    ResticVersion version,
    List<String> globalArguments,
    Map<String, String> environment,
    Predicate<String> inherit,
    Redactor redactor,
    Duration defaultTimeout,
    Duration gracePeriod,
    String displayName) {}
