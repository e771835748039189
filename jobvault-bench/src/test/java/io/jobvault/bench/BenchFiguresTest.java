package io.jobvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** bench --compare reads figures back from printed lines, today's and those of older builds. */
class BenchFiguresTest {
    @Test
    void readsRatesPickupAndRatiosFromTodaysAndOlderLines() {
        assertThat(BenchFigures.parse("drain:                                 13,446 jobs/s  (200000 no-op jobs, 1 node(s), concurrency 256 each)"))
                .containsExactly(Map.entry("drain (jobs/s)", 13446.0));
        assertThat(BenchFigures.parse("drain:                                 19,526 jobs/s  (200000 no-op jobs, concurrency 256)"))
                .containsExactly(Map.entry("drain (jobs/s)", 19526.0));
        assertThat(BenchFigures.parse("idle pickup latency:               p50 0.61 ms, p99 3.44 ms  (500 samples, …)"))
                .containsExactly(Map.entry("idle pickup p50 (ms)", 0.61), Map.entry("idle pickup p99 (ms)", 3.44));
        assertThat(BenchFigures.parse("retained/empty drain ratio: 0.90")).containsExactly(Map.entry("retained/empty drain ratio", 0.90));
        assertThat(BenchFigures.parse("calibration: 142 fsynced SQLite commits/s (1 row each …)")).isEmpty();
        assertThat(BenchFigures.parse("seeding 1000000 finished jobs to retain…")).isEmpty();
    }

    @Test
    void summaryGivesMediansAndTheRatioOfTheFirstBuildToTheSecond() {
        BenchFigures figures = new BenchFigures(List.of("current", "e21a7cf"));
        for (double[] pair : new double[][] {{10, 20}, {30, 18}, {12, 22}}) {
            figures.add("current", Map.of("drain (jobs/s)", pair[0] * 1000));
            figures.add("e21a7cf", Map.of("drain (jobs/s)", pair[1] * 1000));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        figures.printSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("| drain (jobs/s) | 10,000 / 30,000 / 12,000 | 12,000 | 20,000 / 18,000 / 22,000 | 20,000 | 0.60 |");
    }

    @Test
    void anOptionTheOlderBenchLacksIsLeftOutOfBothAndAnExplicitOneIsReported() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchCompare compare = new BenchCompare(new java.util.LinkedHashMap<>(Map.of("--jobs", "100", "--keys", "0")),
                Set.of("--jobs", "--keys"), 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(compare.argsBothKnow(Set.of("--jobs", "--retained"))).containsExactly("--jobs", "100");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("has no --keys");
    }

    @Test
    void flagsReachBothBenchesAsFlagsAndUnsetOnesNotAtAll() {
        picocli.CommandLine cl = new picocli.CommandLine(new BenchCommand());
        cl.parseArgs("--compare", "HEAD~1", "--jobs", "10", "--reuse");
        Map<String, String> options = ((BenchCommand) cl.getCommand()).forwarded();
        assertThat(options).containsEntry("--jobs", "10").containsEntry("--reuse", null)
                .doesNotContainKeys("--dashboard", "--compare", "--rounds");
        BenchCompare compare = new BenchCompare(options, Set.of("--jobs", "--reuse"), 1, new PrintStream(new ByteArrayOutputStream()));
        assertThat(compare.argsBothKnow(Set.of("--jobs", "--reuse", "--dashboard"))).containsExactly("--jobs", "10", "--reuse");
    }
}
