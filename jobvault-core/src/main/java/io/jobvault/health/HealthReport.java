package io.jobvault.health;

import io.jobvault.alert.AlertCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the service did over a period: schedule coverage, success per job type, recovery, stuck and dead jobs, queue
 * latency, store latency, and what to do about it in plain language.
 *
 * @param findings the critical conditions found — keys that missed their run, fires that never happened, schedules
 *                 set aside for an invalid stored definition, job types failing too often — as alert conditions: the scheduled report raises them as alerts, which resolve
 *                 when a later report no longer finds them
 */
public record HealthReport(Instant from, Instant to, List<ScheduleCoverage> schedules, List<TypeOutcomes> types,
                           Recovery recovery, List<String> stuckJobs, Latency queueLatency, Latency storeLatency,
                           List<String> recommendations, List<AlertCondition> findings) {
    /** A job type that succeeds less often than this, with dead jobs, is failing (advice and a finding). */
    public static final double SUCCESS_THRESHOLD = 0.95;


    /**
     * @param expectedFires fires the timing called for in the period
     * @param missedFires   fires not run at their time (every node down, paused, a busy scheduler), whatever the misfire
     *                      policy then did: run late, coalesced or not run
     * @param ranLateFires  of the missed fires, those run late (catch-ups, and run-once's one run)
     * @param missingKeys   keys of the period's fires that have not succeeded, with the fire they belong to (first 100)
     */
    public record ScheduleCoverage(String id, boolean paused, int expectedFires, int recordedFires, int missedFires,
                                   int ranLateFires, int skippedFires, int overdueFires, int expectedKeys, int succeededKeys,
                                   List<MissingKey> missingKeys) {}

    public record MissingKey(String key, Instant fireAt, String state) {}

    /** Jobs of one type created in the period that have finished. */
    public record TypeOutcomes(String type, long succeeded, long dead, long cancelled) {
        public double successRate() {
            long n = succeeded + dead;
            return n == 0 ? 1.0 : succeeded / (double) n;
        }

        /** Dead jobs, and a success rate under {@link #SUCCESS_THRESHOLD}. */
        public boolean failing() {
            return dead > 0 && successRate() < SUCCESS_THRESHOLD;
        }
    }

    /** @param mean null when no job recovered */
    public record Recovery(long recovered, Duration mean) {}

    /** Percentiles of a sample; all null when there was none. */
    public record Latency(int samples, Duration p50, Duration p95, Duration p99, Duration max) {
        static Latency of(List<Long> millis) {
            if (millis.isEmpty()) return new Latency(0, null, null, null, null);
            long[] s = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Latency(s.length, at(s, 0.50), at(s, 0.95), at(s, 0.99), Duration.ofMillis(s[s.length - 1]));
        }

        private static Duration at(long[] sorted, double q) {
            return Duration.ofMillis(sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)]);
        }
    }
}
