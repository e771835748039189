package io.jobvault.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of {@code jobvault bench} runs, read back from their printed lines (so a build from before this class
 * existed can be compared too), collected per build and summed up as medians and ratios.
 */
final class BenchFigures {
    private static final Pattern RATE = Pattern.compile("^(\\S[^:]*):\\s+([\\d,]+(?:\\.\\d+)?) (jobs/s|MiB/s)\\b");
    private static final Pattern PICKUP = Pattern.compile("^(idle pickup latency):\\s+p50 ([\\d.]+) ms, p99 ([\\d.]+) ms");
    private static final Pattern RATIO = Pattern.compile("^(\\S[^:]*ratio):\\s+([\\d.]+)\\s*$");

    /** figure → one value per run, per build; in the order figures were first printed. */
    private final Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    private final List<String> builds;

    BenchFigures(List<String> builds) {
        this.builds = builds;
    }

    /** The figures one printed line holds (none for most lines), as figure → value. */
    static Map<String, Double> parse(String line) {
        Map<String, Double> found = new LinkedHashMap<>();
        Matcher m = PICKUP.matcher(line);
        if (m.find()) {
            found.put("idle pickup p50 (ms)", Double.parseDouble(m.group(2)));
            found.put("idle pickup p99 (ms)", Double.parseDouble(m.group(3)));
            return found;
        }
        m = RATE.matcher(line);
        if (m.find()) {
            found.put(m.group(1) + " (" + m.group(3) + ")", Double.parseDouble(m.group(2).replace(",", "")));
            return found;
        }
        m = RATIO.matcher(line);
        if (m.find()) found.put(m.group(1), Double.parseDouble(m.group(2)));
        return found;
    }

    void add(String build, Map<String, Double> run) {
        run.forEach((figure, value) -> values.computeIfAbsent(figure, f -> new LinkedHashMap<>())
                .computeIfAbsent(build, b -> new ArrayList<>()).add(value));
    }

    static double median(List<Double> runs) {
        double[] v = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * A Markdown table: each figure's runs and median per build, and the ratio of the first build's median to the
     * second's (above 1: the first is faster for rates, slower for latencies).
     */
    void printSummary(PrintStream out) {
        String a = builds.get(0), b = builds.get(1);
        out.printf("| figure | %s: runs | median | %s: runs | median | ratio %s ÷ %s |%n", a, b, a, b);
        out.println("|---|---|---:|---|---:|---:|");
        values.forEach((figure, perBuild) -> {
            List<Double> ra = perBuild.getOrDefault(a, List.of()), rb = perBuild.getOrDefault(b, List.of());
            double ma = median(ra), mb = median(rb);
            out.printf("| %s | %s | %s | %s | %s | %s |%n", figure, runs(ra), format(ma), runs(rb), format(mb),
                    ra.isEmpty() || rb.isEmpty() || mb == 0 ? "–" : String.format("%.2f", ma / mb));
        });
    }

    private static String runs(List<Double> runs) {
        return runs.isEmpty() ? "–" : String.join(" / ", runs.stream().map(BenchFigures::format).toList());
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "–";
        return v >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
    }

    /** One run's figures on one line, for the per-round report. */
    static String oneLine(Map<String, Double> run) {
        List<String> parts = new ArrayList<>();
        run.forEach((figure, value) -> parts.add(figure.replace(" (jobs/s)", "") + " " + format(value)));
        return parts.isEmpty() ? "(no figures)" : String.join(" · ", parts);
    }
}
