package io.jobvault;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and instants as Jobvault reads them, and the range every one must fall in. The range is what both stores
 * hold (epoch milliseconds, PostgreSQL timestamps) and what an instant plus a duration can reach without overflow, so
 * a value accepted here never fails later when a job is stored, claimed, retried or pruned. Every reader of a
 * duration or instant — HTTP bodies and query parameters, schedule definitions, {@link JobRequest} — checks through
 * here, and each problem names the field and its allowed range.
 */
public final class TimeBounds {
    /** The earliest instant a job, fire or query may name. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant a job, fire or query may name. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** The longest delay, timeout, retention or wait: 100 years (LATEST plus this still fits every store). */
    public static final Duration LONGEST = Duration.ofDays(36_500);

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final String DURATION_FORMS = "such as \"500ms\", \"30s\", \"5m\", \"2h\", \"7d\" or ISO-8601 \"PT30S\"";

    private TimeBounds() {}

    /**
     * A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601; null when
     * {@code text} is not one (or is too large for a {@link Duration}). Not checked against any range.
     */
    public static Duration parseDuration(String text) {
        if (text == null) return null;
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * The duration {@code text} names, within {@code min..max}.
     *
     * @throws IllegalArgumentException "field: …", naming the accepted forms and range
     */
    public static Duration duration(String field, String text, Duration min, Duration max) {
        Duration d = parseDuration(text);
        if (d == null) {
            throw new IllegalArgumentException(field + ": must be a duration within " + range(min, max) + ", "
                    + DURATION_FORMS + ", was " + quote(text));
        }
        String problem = outside(field, d, min, max);
        if (problem != null) throw new IllegalArgumentException(problem);
        return d;
    }

    /**
     * The ISO-8601 instant {@code text} names, within {@link #EARLIEST}..{@link #LATEST}.
     *
     * @throws IllegalArgumentException "field: …", naming the form and range
     */
    public static Instant instant(String field, String text) {
        Instant t;
        try {
            t = Instant.parse(text == null ? "" : text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": must be an ISO-8601 instant such as 2030-01-01T06:00:00Z, within "
                    + EARLIEST + ".." + LATEST + ", was " + quote(text));
        }
        String problem = outside(field, t);
        if (problem != null) throw new IllegalArgumentException(problem);
        return t;
    }

    /** "field: must be within …, was …" when {@code d} lies outside {@code min..max}; null when inside. */
    public static String outside(String field, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) return null;
        return field + ": must be within " + range(min, max) + ", was " + format(d);
    }

    /** "field: must be within …, was …" when {@code t} lies outside {@link #EARLIEST}..{@link #LATEST}; null when inside. */
    public static String outside(String field, Instant t) {
        if (!t.isBefore(EARLIEST) && !t.isAfter(LATEST)) return null;
        return field + ": must be within " + EARLIEST + ".." + LATEST + ", was " + t;
    }

    /** The duration the way people write it when it is whole: {@code 36500d}, {@code 2h}, {@code 1ms}; else ISO-8601. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) return d.toString();
        long s = d.getSeconds();
        if (d.getNano() != 0) return s < 9_000_000_000_000L ? (s * 1000 + d.getNano() / 1_000_000) + "ms" : d.toString();
        if (s % 86_400 == 0) return s / 86_400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    private static String range(Duration min, Duration max) {
        return format(min) + ".." + format(max);
    }

    private static String quote(String s) {
        if (s == null) return "null";
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (clean.length() > 40 ? clean.substring(0, 40) + "…" : clean) + "\"";
    }
}
