package io.jobvault.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/** When a schedule fires: a cron expression in a time zone, or a fixed interval. */
public sealed interface Timing {
    /** The first fire strictly after {@code t}; empty when there is none (a cron that can never match again). */
    Optional<Instant> nextAfter(Instant t, ZoneId zone);

    /** As given: the cron expression, or the interval in ISO-8601 ({@code PT15M}). */
    String text();

    /** A cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first). */
    static Timing cron(String expression) {
        return new CronTiming(expression);
    }

    static Timing every(Duration interval) {
        return new Interval(interval);
    }

    /**
     * Cron fires are local date-times in the schedule's zone, computed on the wall clock and only then placed on the
     * time line: a time that does not exist on a spring-forward day (02:30 when clocks jump from 02:00 to 03:00) fires
     * once, shifted by the gap (03:30); a time that happens twice on a fall-back day fires once, at its first
     * occurrence. So a daily 02:30 run fires exactly once on both transition days.
     */
    final class CronTiming implements Timing {
        private static final CronParser FIVE = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        private static final CronParser SIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

        private final String expression;
        private final ExecutionTime times;

        CronTiming(String expression) {
            if (expression == null || expression.isBlank()) throw new IllegalArgumentException("cron expression is empty");
            if (expression.length() > 200) throw new IllegalArgumentException("cron expression is longer than 200 characters");
            this.expression = expression.strip().replaceAll("\\s+", " ");
            this.times = parse(this.expression);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CronTiming c && c.expression.equals(expression);
        }

        @Override
        public int hashCode() {
            return expression.hashCode();
        }

        private static ExecutionTime parse(String expression) {
            int fields = expression.split(" ").length;
            if (fields != 5 && fields != 6) {
                throw new IllegalArgumentException("cron expression must have 5 fields (minute hour day month weekday) or 6"
                        + " (second first), had " + fields + ": " + expression);
            }
            try {
                Cron cron = (fields == 5 ? FIVE : SIX).parse(expression).validate();
                return ExecutionTime.forCron(cron);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant t, ZoneId zone) {
            // The wall clock is walked in UTC (which has no transitions), then each match is placed in the zone.
            ZonedDateTime cursor = LocalDateTime.ofInstant(t, zone).atZone(ZoneOffset.UTC);
            for (int i = 0; i < 10_000; i++) { // bounded: each step moves the wall clock forward
                Optional<ZonedDateTime> next = times.nextExecution(cursor);
                if (next.isEmpty()) return Optional.empty();
                cursor = next.get();
                Instant at = ZonedDateTime.of(cursor.toLocalDateTime(), zone).toInstant();
                if (at.isAfter(t)) return Optional.of(at);
            }
            return Optional.empty();
        }

        @Override
        public String text() {
            return expression;
        }
    }

    /** Fires every {@code interval}, aligned to the Unix epoch (UTC), so every node computes the same instants. */
    record Interval(Duration interval) implements Timing {
        public Interval {
            if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("interval must be within 1 second .. 366 days, was " + interval);
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant t, ZoneId zone) {
            long every = interval.toMillis();
            long k = Math.floorDiv(t.toEpochMilli(), every) + 1;
            return Optional.of(Instant.ofEpochMilli(k * every));
        }

        @Override
        public String text() {
            return interval.toString();
        }
    }
}
