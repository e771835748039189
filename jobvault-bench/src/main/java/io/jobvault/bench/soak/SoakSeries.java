package io.jobvault.bench.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The soak's figures, one row per interval: printed as a line each, appended to the CSV as they come (an interrupted
 * run keeps what it measured), judged by {@link GrowthCheck} at the end, and drawn as a small SVG.
 */
final class SoakSeries implements AutoCloseable {
    /**
     * One figure.
     *
     * @param shown  printed on each line (the others are in the CSV only)
     * @param judged checked by {@link GrowthCheck}; {@code floor} is the smallest change that counts
     */
    record Column(String name, String header, String format, boolean shown, boolean judged, double floor, GrowthCheck.Worse worse) {
        static Column up(String name, String header, String format, double floor) {
            return new Column(name, header, format, true, true, floor, GrowthCheck.Worse.UP);
        }

        static Column info(String name, String header, String format) {
            return new Column(name, header, format, true, false, 0, GrowthCheck.Worse.UP);
        }
    }

    private final List<Column> columns;
    private final List<double[]> rows = new ArrayList<>();
    private final List<Double> elapsedSeconds = new ArrayList<>();
    private final PrintStream out;
    private final Writer csv;

    SoakSeries(List<Column> columns, PrintStream out, Path csvFile) throws IOException {
        this.columns = List.copyOf(columns);
        this.out = out;
        this.csv = csvFile == null ? null : Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder(String.format("%7s", "elapsed"));
        for (Column c : columns) if (c.shown()) header.append(' ').append(c.header());
        out.println(header);
        if (csv != null) {
            csv.write("elapsed_s");
            for (Column c : columns) csv.write("," + c.name());
            csv.write("\n");
            csv.flush();
        }
    }

    List<Column> columns() {
        return columns;
    }

    int size() {
        return rows.size();
    }

    void add(double elapsed, double[] values) throws IOException {
        rows.add(values.clone());
        elapsedSeconds.add(elapsed);
        long s = Math.round(elapsed);
        StringBuilder line = new StringBuilder(String.format("%4d:%02d", s / 60, s % 60));
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (!c.shown()) continue;
            String v = Double.isNaN(values[i]) ? "-" : String.format(Locale.ROOT, c.format(), values[i]);
            line.append(' ').append(String.format("%" + c.header().length() + "s", v));
        }
        out.println(line);
        if (csv != null) {
            csv.write(Long.toString(s));
            for (double v : values) csv.write("," + (Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v)));
            csv.write("\n");
            csv.flush();
        }
    }

    double[] column(String name) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return column(i);
        throw new IllegalArgumentException("no column " + name);
    }

    double[] column(int index) {
        return rows.stream().mapToDouble(r -> r[index]).filter(v -> !Double.isNaN(v)).toArray();
    }

    double last(int index) {
        return rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1)[index];
    }

    /** Every judged column that grew (or fell, for throughput) by more than the rule allows. */
    List<String> growth() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (!c.judged()) continue;
            Optional<String> p = GrowthCheck.problem(c.name(), column(i), c.floor(), c.worse());
            p.ifPresent(problems::add);
        }
        return problems;
    }

    /** Small multiples, one panel per shown column: the shape over time is what matters, so each has its own scale. */
    void writeSvg(Path file, String title) throws IOException {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).shown()) shown.add(i);
        int perRow = 4, w = 240, h = 110, pad = 28;
        int height = 30 + ((shown.size() + perRow - 1) / perRow) * (h + pad);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"8\" y=\"18\" font-size=\"13\">%s</text>%n",
                perRow * (w + pad), height, escape(title)));
        double maxT = elapsedSeconds.isEmpty() ? 1 : Math.max(1, elapsedSeconds.get(elapsedSeconds.size() - 1));
        for (int k = 0; k < shown.size(); k++) {
            int i = shown.get(k);
            int x0 = 8 + (k % perRow) * (w + pad), y0 = 30 + (k / perRow) * (h + pad);
            double lo = 0, hi = 0;
            for (double[] r : rows) if (!Double.isNaN(r[i])) hi = Math.max(hi, r[i]);
            if (hi <= lo) hi = lo + 1;
            svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\"><rect width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>"
                    + "<text x=\"4\" y=\"12\">%s (max %s)</text><polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" points=\"",
                    x0, y0, w, h, escape(columns.get(i).name()), String.format(Locale.ROOT, columns.get(i).format(), hi).trim()));
            for (int r = 0; r < rows.size(); r++) {
                double v = rows.get(r)[i];
                if (Double.isNaN(v)) continue;
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", elapsedSeconds.get(r) / maxT * w, h - 4 - (v - lo) / (hi - lo) * (h - 20)));
            }
            svg.append("\"/></g>\n");
        }
        svg.append("</svg>\n");
        Files.writeString(file, svg);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }

    @Override
    public void close() throws IOException {
        if (csv != null) csv.close();
    }
}
