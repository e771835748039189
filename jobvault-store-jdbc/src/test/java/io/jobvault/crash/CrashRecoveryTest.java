package io.jobvault.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.JobCountsCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running the engine with SIGKILL mid-run, starts a new one on the same SQLite file, and checks
 * the promises: every accepted job succeeds, each is recorded succeeded once, every handler ran at least once, and
 * the job counters equal a count of the jobs table after the kill and after the restart.
 */
class CrashRecoveryTest {
    private static final int JOBS = 4000;

    @TempDir
    Path dir;

    @Test
    void everyAcceptedJobSucceedsExactlyOnceAfterAKillDashNine() throws Exception {
        Path db = dir.resolve("jobvault.db");
        Path ledger = dir.resolve("ledger.txt");
        Path accepted = dir.resolve("accepted.txt");

        Process first = child("submit", db.toString(), ledger.toString(), accepted.toString(), String.valueOf(JOBS));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> !first.isAlive() || lines(ledger).size() >= JOBS / 4);
        assertThat(first.isAlive()).as("the child must still be running when it is killed").isTrue();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int ranBeforeKill = lines(ledger).size();
        // the counters are kept by each transaction that changes a job, so a kill loses a change and its count together
        assertCountersMatchTheTable(db, "after the kill");

        Process second = child("resume", db.toString(), ledger.toString());
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("resumed child finishes").isTrue();
        assertThat(second.exitValue()).isZero();

        Set<UUID> acceptedIds = new LinkedHashSet<>();
        for (String line : lines(accepted)) acceptedIds.add(UUID.fromString(line));
        Map<UUID, List<Integer>> runs = new HashMap<>();
        for (String line : lines(ledger)) {
            String[] parts = line.split(" ");
            runs.computeIfAbsent(UUID.fromString(parts[0]), k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(acceptedIds).hasSizeGreaterThan(JOBS / 4);

        int ranTwice = 0;
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            for (UUID id : acceptedIds) {
                Job job = store.jobGet(id).orElseThrow(() -> new AssertionError("accepted job lost: " + id));
                assertThat(job.state()).as("job %s", id).isEqualTo(JobState.SUCCEEDED);
                List<Integer> ran = runs.get(id);
                assertThat(ran).as("handler of %s ran", id).isNotEmpty();
                List<Attempt> attempts = store.jobAttempts(id);
                // exactly one attempt is recorded as the success: the job's current one
                assertThat(attempts).filteredOn(a -> a.outcome() == Attempt.Outcome.SUCCEEDED)
                        .singleElement().satisfies(a -> assertThat(a.attempt()).isEqualTo(job.attempt()));
                // every other run the handler made is accounted for as a rescued attempt, never as a success
                for (int a : ran) {
                    if (a == job.attempt()) continue;
                    assertThat(attempts).as("run %d of %s", a, id)
                            .anySatisfy(x -> assertThat(x.attempt()).isEqualTo(a))
                            .noneMatch(x -> x.attempt() == a && x.outcome() == Attempt.Outcome.SUCCEEDED);
                }
                if (ran.size() > 1) ranTwice++;
            }
        }
        assertCountersMatchTheTable(db, "after the restart");
        System.out.printf("crash test: %d accepted, %d handler runs before the kill, %d jobs ran again after it%n",
                acceptedIds.size(), ranBeforeKill, ranTwice);
    }

    private static void assertCountersMatchTheTable(Path db, String when) throws Exception {
        try (SqliteJobStore store = SqliteJobStore.open(db);
             java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(JobCountsCheck.countTable(c)).as(when).isNotEmpty();
            JobCountsCheck.assertCountersMatchTable(store, c);
        }
    }

    private Process child(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + args[0] + ".log").toFile()).start();
    }

    /** Complete lines only: a line cut by the kill has no newline yet. */
    private static List<String> lines(Path p) throws IOException {
        if (!Files.exists(p)) return List.of();
        String text = Files.readString(p);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
    }
}
