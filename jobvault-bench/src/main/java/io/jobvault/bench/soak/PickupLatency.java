package io.jobvault.bench.soak;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Pickup latency (due to handler start) of one interval, in a fixed histogram so memory stays bounded whatever the
 * rate: 1 ms buckets below one second, 100 ms buckets up to a minute, one bucket beyond.
 */
final class PickupLatency {
    private static final int FINE = 1000;
    private static final int COARSE = 590;
    private final AtomicLongArray buckets = new AtomicLongArray(FINE + COARSE + 1);

    void record(long millis) {
        long ms = Math.max(0, millis);
        int i = ms < FINE ? (int) ms : FINE + (int) Math.min(COARSE, (ms - FINE) / 100);
        buckets.incrementAndGet(i);
    }

    /** The quantile's upper bucket bound in ms (NaN when nothing was recorded); resets the histogram. */
    double[] quantilesAndReset(double... qs) {
        long[] counts = new long[buckets.length()];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.getAndSet(i, 0);
            total += counts[i];
        }
        double[] out = new double[qs.length];
        for (int q = 0; q < qs.length; q++) {
            if (total == 0) {
                out[q] = Double.NaN;
                continue;
            }
            long rank = (long) Math.ceil(qs[q] * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    out[q] = i < FINE ? i : FINE + (i - FINE + 1) * 100.0;
                    break;
                }
            }
        }
        return out;
    }
}
