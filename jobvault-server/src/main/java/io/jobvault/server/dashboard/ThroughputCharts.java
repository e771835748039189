package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.jobvault.FinishedRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The Overview's throughput and failure rate over the last hour (a point a minute) and the last day (a point per ten
 * minutes), from the per-minute figures the store keeps as runs end (the {@code throughput} of {@code GET /v1/stats}).
 * The series travel in a data attribute and uPlot draws them in the browser (no inline script: the CSP allows none);
 * a table under the charts gives each window's totals, for screen readers and for browsers without script.
 */
final class ThroughputCharts {
    /** The stylesheet and script the charts need; the page loads them, dashboard.js draws each {@code [data-chart]}. */
    static final String ASSETS = "<link rel=\"stylesheet\" href=\"" + Assets.UPLOT_CSS + "\"><script src=\"" + Assets.UPLOT
            + "\" defer></script>\n";

    /** A chart's span: {@code points} buckets of {@code step}, the last one holding now. */
    record Window(String id, String label, Duration step, int points) {
        Instant from(Instant now) {
            long stepSeconds = step.toSeconds();
            long lastStart = Math.floorDiv(now.getEpochSecond(), stepSeconds) * stepSeconds;
            return Instant.ofEpochSecond(lastStart - (points - 1) * stepSeconds);
        }
    }

    static final Window HOUR = new Window("hour", "Last hour, per minute", Duration.ofMinutes(1), 60);
    static final Window DAY = new Window("day", "Last day, per 10 minutes", Duration.ofMinutes(10), 144);

    /** The outcomes counted in each bucket, by {@link FinishedRuns.Outcome} ordinal. */
    private record Buckets(long[][] counts, long[] totals) {}

    private ThroughputCharts() {}

    /** The earliest minute any window shows at {@code now}: what to read. */
    static Instant since(Instant now) {
        return DAY.from(now);
    }

    static void render(StringBuilder h, List<FinishedRuns> runs, Instant now) {
        Buckets hour = bucket(runs, HOUR, now);
        Buckets day = bucket(runs, DAY, now);
        h.append("<section aria-labelledby=\"throughput-h\"><h2 id=\"throughput-h\">Throughput and failure rate</h2>\n");
        h.append("<div class=\"charts\">");
        chart(h, HOUR, hour, now);
        chart(h, DAY, day, now);
        h.append("</div>\n<div class=\"scroll\"><table id=\"throughput\"><thead><tr><th scope=\"col\">Window</th>")
                .append("<th scope=\"col\" class=\"num\">succeeded</th><th scope=\"col\" class=\"num\" title=\"attempts that failed,")
                .append(" a dead job's last one included\">failed attempts</th><th scope=\"col\" class=\"num\">dead</th>")
                .append("<th scope=\"col\" class=\"num\">cancelled</th><th scope=\"col\" class=\"num\" title=\"failed attempts")
                .append(" ÷ (succeeded + failed attempts)\">failure rate</th></tr></thead><tbody>");
        totals(h, "throughput-hour", "Last hour", hour.totals());
        totals(h, "throughput-day", "Last day", day.totals());
        h.append("</tbody></table></div></section>\n");
    }

    private static Buckets bucket(List<FinishedRuns> runs, Window w, Instant now) {
        int outcomes = FinishedRuns.Outcome.values().length;
        long[][] counts = new long[w.points()][outcomes];
        long[] totals = new long[outcomes];
        Instant from = w.from(now);
        long step = w.step().toSeconds();
        for (FinishedRuns r : runs) {
            long i = Math.floorDiv(r.minute().getEpochSecond() - from.getEpochSecond(), step);
            if (i < 0 || i >= w.points()) continue;
            counts[(int) i][r.outcome().ordinal()] += r.count();
            totals[r.outcome().ordinal()] += r.count();
        }
        return new Buckets(counts, totals);
    }

    /** The chart's box: its series as JSON (numbers only) in {@code data-chart}: seconds, and per minute rates. */
    private static void chart(StringBuilder h, Window w, Buckets b, Instant now) {
        int ok = FinishedRuns.Outcome.SUCCEEDED.ordinal();
        int failed = FinishedRuns.Outcome.FAILED.ordinal();
        double minutes = w.step().toMinutes();
        StringBuilder t = new StringBuilder();
        StringBuilder succeeded = new StringBuilder();
        StringBuilder failures = new StringBuilder();
        StringBuilder rate = new StringBuilder();
        long start = w.from(now).getEpochSecond();
        for (int i = 0; i < w.points(); i++) {
            String sep = i == 0 ? "" : ",";
            long[] c = b.counts()[i];
            t.append(sep).append(start + i * w.step().toSeconds());
            succeeded.append(sep).append(number(c[ok] / minutes));
            failures.append(sep).append(number(c[failed] / minutes));
            rate.append(sep).append(c[ok] + c[failed] == 0 ? "null" : number(100.0 * c[failed] / (c[ok] + c[failed])));
        }
        String data = "{\"t\":[" + t + "],\"succeeded\":[" + succeeded + "],\"failed\":[" + failures + "],\"rate\":[" + rate + "]}";
        long[] tot = b.totals();
        h.append("<figure class=\"chart-box\"><figcaption>").append(esc(w.label())).append("</figcaption><div class=\"chart\" id=\"chart-")
                .append(w.id()).append("\" role=\"img\" aria-label=\"").append(esc(w.label())).append(": ").append(tot[ok])
                .append(" succeeded, ").append(tot[failed]).append(" failed attempts\" data-chart=\"").append(esc(data)).append("\"></div></figure>");
    }

    private static void totals(StringBuilder h, String id, String label, long[] tot) {
        long ok = tot[FinishedRuns.Outcome.SUCCEEDED.ordinal()];
        long failed = tot[FinishedRuns.Outcome.FAILED.ordinal()];
        h.append("<tr id=\"").append(id).append("\"><th scope=\"row\">").append(label).append("</th>");
        for (FinishedRuns.Outcome o : FinishedRuns.Outcome.values()) {
            h.append("<td class=\"num\">").append(tot[o.ordinal()]).append("</td>");
        }
        h.append("<td class=\"num\">").append(ok + failed == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", 100.0 * failed / (ok + failed)))
                .append("</td></tr>");
    }

    /** A rate with at most two decimals, as JSON. */
    private static String number(double v) {
        if (v == Math.rint(v)) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
