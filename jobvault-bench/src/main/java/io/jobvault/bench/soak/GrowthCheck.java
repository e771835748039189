package io.jobvault.bench.soak;

import java.util.Arrays;
import java.util.Optional;

/**
 * The soak's flatness rule for one series of per-interval figures. A single interval is noisy (a GC, a prune pass,
 * another process on the machine), so the rule compares medians: the median of intervals 4–6 (the "minute 5" window,
 * once retention and pruning have reached their steady state) against the median of the last three intervals. The
 * series fails when the end is more than 10% worse than the start <em>and</em> worse by more than the series' absolute
 * floor (so 3 rows becoming 4 is not "33% growth"). Runs shorter than {@link #MIN_INTERVALS} are not judged.
 * Throughput has a rule of its own ({@link #fallsBehind}).
 */
final class GrowthCheck {
    /** The fewest intervals the rule can judge: a minute-5 window and a separate end. */
    static final int MIN_INTERVALS = 7;
    static final double TOLERANCE = 0.10;

    /** Which way is worse. */
    enum Worse { UP, DOWN }

    private GrowthCheck() {}

    /**
     * @param values one figure per interval, oldest first
     * @param floor  the smallest absolute change that counts (in the series' unit)
     * @return what went wrong, empty when the series held, or when there are too few intervals to tell
     */
    static Optional<String> problem(String name, double[] values, double floor, Worse worse) {
        if (values.length < MIN_INTERVALS) return Optional.empty();
        double start = median(Arrays.copyOfRange(values, 3, 6));
        double end = median(Arrays.copyOfRange(values, values.length - 3, values.length));
        double change = worse == Worse.UP ? end - start : start - end;
        if (change <= Math.max(TOLERANCE * Math.abs(start), floor)) return Optional.empty();
        double percent = start == 0 ? Double.POSITIVE_INFINITY : 100 * (end - start) / Math.abs(start);
        return Optional.of(String.format("%s %s from %.1f (median of intervals 4-6) to %.1f (median of the last 3): %+.0f%%",
                name, worse == Worse.UP ? "grew" : "fell", start, end, percent));
    }

    /**
     * Throughput is judged against the load, not against itself: an engine still working off a backlog at minute 5
     * ends more jobs a second then than once it has caught up. It fails when, over the last three intervals, it ended
     * fewer than 90% of the jobs submitted (the ended jobs also count the fan-out's, so an engine that keeps up ends
     * at least as many as were submitted).
     */
    static Optional<String> fallsBehind(double[] done, double[] submitted) {
        if (done.length < MIN_INTERVALS || submitted.length < MIN_INTERVALS) return Optional.empty();
        double ended = median(Arrays.copyOfRange(done, done.length - 3, done.length));
        double offered = median(Arrays.copyOfRange(submitted, submitted.length - 3, submitted.length));
        if (ended >= (1 - TOLERANCE) * offered) return Optional.empty();
        return Optional.of(String.format("done_per_s fell behind: %.1f jobs/s ended against %.1f submitted (medians of the last 3)",
                ended, offered));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
