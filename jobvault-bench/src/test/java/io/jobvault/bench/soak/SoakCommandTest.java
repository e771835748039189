package io.jobvault.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jobvault soak} for one 10-second interval on SQLite: a short run prints its figures and judges duplicates. */
class SoakCommandTest {
    @TempDir
    Path dir;

    @Test
    void aShortRunPrintsALinePerIntervalWritesTheSeriesAndPasses() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakCommand soak = new SoakCommand();
        soak.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(soak).execute("--seconds", "10", "--rate", "100", "--csv", dir.resolve("soak.csv").toString(),
                "--svg", dir.resolve("soak.svg").toString());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("heapMiB", "jobsRows", "p99ms", "dups", "growth check skipped", "soak verdict: PASS");
        List<String> csv = Files.readAllLines(dir.resolve("soak.csv"));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(0)).startsWith("elapsed_s,heap_mib,rss_mib,connections,open_fds,jobs_rows,other_rows,store_mib,wal_mib,");
        String[] first = csv.get(1).split(",", -1);
        assertThat(Double.parseDouble(first[5])).as("jobs rows").isPositive();
        assertThat(Double.parseDouble(first[12])).as("jobs done per second").isPositive();
        assertThat(Files.readString(dir.resolve("soak.svg"))).startsWith("<svg").contains("jobs_rows");
    }

    @Test
    void aJobWhoseHandlerRanTwiceFailsTheSoak() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakCommand soak = new SoakCommand();
        soak.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        soak.injectDuplicate = true;
        int exit = new CommandLine(soak).execute("--seconds", "10", "--rate", "50", "--fanout-keys", "0");
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isEqualTo(1);
        assertThat(out).contains("1 job(s) ran twice without a crash", "soak verdict: FAIL");
    }
}
