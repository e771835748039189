package io.jobvault.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code disk.low}: free space under this node's data or artifact directory below the threshold. One condition per
 * filesystem (two directories on one disk are one alert naming both). Cheap: one statfs per directory.
 */
final class DiskSpaceRule implements AlertRule {
    static final String RULE = "disk.low";

    private final String node;
    private final Map<String, Path> directories;
    private final DiskThreshold threshold;

    /** @param directories what each directory holds ("data", "artifacts") → where it is */
    DiskSpaceRule(String node, Map<String, Path> directories, DiskThreshold threshold) {
        this.node = node;
        this.directories = Map.copyOf(directories);
        this.threshold = threshold;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        Map<FileStore, Map<String, Path>> byDisk = new LinkedHashMap<>();
        for (var d : new TreeMap<>(directories).entrySet()) {
            try {
                byDisk.computeIfAbsent(Files.getFileStore(existing(d.getValue())), k -> new LinkedHashMap<>()).put(d.getKey(), d.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the free space under " + d.getValue(), e);
            }
        }
        List<AlertCondition> out = new ArrayList<>();
        for (var disk : byDisk.entrySet()) {
            long free;
            long total;
            try {
                free = disk.getKey().getUsableSpace();
                total = disk.getKey().getTotalSpace();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the free space of " + disk.getKey(), e);
            }
            long limit = threshold.bytesFor(total);
            if (free >= limit) continue;
            Path first = disk.getValue().values().iterator().next();
            String what = String.join(" and ", disk.getValue().keySet());
            String where = disk.getValue().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .reduce((a, b) -> a + ", " + b).orElse("");
            long pct = total == 0 ? 0 : Math.round(100.0 * free / total);
            out.add(new AlertCondition(RULE + ":" + node + ":" + first, RULE, Severity.WARNING,
                    "Low disk space for the " + what + " of node " + node + ": " + DiskThreshold.size(free) + " free",
                    "Node " + node + " has " + DiskThreshold.size(free) + " free of " + DiskThreshold.size(total) + " (" + pct
                            + "%) on the filesystem of " + where + ", below the threshold of " + threshold + " ("
                            + DiskThreshold.size(limit) + "). When it is full, submits answer 503 and artifact writes fail.",
                    "free space (shorter retention, old backups and logs) or grow the filesystem; Jobvault resumes by itself"
                            + " when space is back, no restart needed",
                    Map.of("node", node, "directories", where, "freeBytes", String.valueOf(free),
                            "totalBytes", String.valueOf(total), "thresholdBytes", String.valueOf(limit))));
        }
        return out;
    }

    /** The directory, or its nearest existing parent (an artifact directory is made on the first write). */
    private static Path existing(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) q = q.getParent();
        return q == null ? p.toAbsolutePath().getRoot() : q;
    }
}
