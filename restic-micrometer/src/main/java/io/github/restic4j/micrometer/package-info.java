/**
 * Micrometer metrics for restic4j: {@link io.github.restic4j.micrometer.ResticMetrics} turns an
 * orchestrator's run and lock events into timers, counters and gauges. Works with every restic
 * version restic-core supports (0.14 to 0.19).
 */
package io.github.restic4j.micrometer;
