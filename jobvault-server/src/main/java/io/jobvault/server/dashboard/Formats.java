package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.jobvault.JobState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How pages show times, states and sizes, the same on every page. */
final class Formats {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** A {@code <time>} in UTC to the second; a dash for null. */
    static String time(Instant t) {
        if (t == null) return "<span class=\"muted\">—</span>";
        return "<time datetime=\"" + esc(t.truncatedTo(ChronoUnit.MILLIS)) + "\">" + esc(UTC.format(t)) + "</time>";
    }

    /** The state as a colored badge (the color is a hint only: the word is always there). */
    static String state(JobState s) {
        return "<span class=\"state state-" + s.dbName() + "\">" + s.dbName() + "</span>";
    }

    /** Bytes in B, KiB, MiB or GiB. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
