package io.github.restic4j.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.restic4j.core.error.InvalidRequestException;
import io.github.restic4j.locking.RepositoryBusyException;
import io.github.restic4j.orchestration.internal.Failures;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffIsExponentialCappedAndJittered() {
    RetryPolicy p =
        RetryPolicy.builder()
            .maxAttempts(5)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2)
            .jitter(0.5)
            .build();
    assertThat(p.backoff(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoff(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoff(4, 0.5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoff(2, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(2, 0.999999)).isBetween(Duration.ofMillis(2990), Duration.ofSeconds(3));
  }

  @Test
  void retriesOnlyRetryableReasonsWithinTheAttempts() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(3).build();
    assertThat(p.shouldRetry(FailureReason.LOCK_CONFLICT, 1)).isTrue();
    assertThat(p.shouldRetry(FailureReason.TRANSIENT_BACKEND, 2)).isTrue();
    assertThat(p.shouldRetry(FailureReason.TRANSIENT_BACKEND, 3)).isFalse();
    assertThat(p.shouldRetry(FailureReason.WRONG_PASSWORD, 1)).isFalse();
    assertThat(p.shouldRetry(FailureReason.REPOSITORY_NOT_FOUND, 1)).isFalse();
    assertThat(p.shouldRetry(FailureReason.INVALID_CONFIGURATION, 1)).isFalse();
    RetryPolicy onlyLocks =
        RetryPolicy.builder().retryOn(Set.of(FailureReason.LOCK_NOT_ACQUIRED)).build();
    assertThat(onlyLocks.shouldRetry(FailureReason.TRANSIENT_BACKEND, 1)).isFalse();
    assertThatThrownBy(
            () -> RetryPolicy.builder().retryOn(Set.of(FailureReason.WRONG_PASSWORD)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void classifiesTypedExceptions() {
    assertThat(Failures.classify(new InvalidRequestException("bad")))
        .isEqualTo(FailureReason.INVALID_CONFIGURATION);
    assertThat(Failures.classify(new RepositoryBusyException("busy", "repo", false)))
        .isEqualTo(FailureReason.REPOSITORY_BUSY);
    assertThat(Failures.classify(new IllegalStateException())).isEqualTo(FailureReason.INTERNAL);
  }
}
