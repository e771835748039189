package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.store.JobListParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engines in three JVMs on one PostgreSQL schema; 20,000 jobs; one process SIGKILLed mid-run. Every job
 * succeeds, each is recorded succeeded once, every handler run is accounted for, and the dead node's jobs are taken
 * back within the node timeout.
 */
class ClusterTest {
    private static final int JOBS = 20_000;
    private static final int NODE_TIMEOUT_SECONDS = 5;

    @TempDir
    Path dir;
    String url;
    final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        PostgresTestSchemas.drop(url);
    }

    @Test
    void noJobIsLostOrRecordedTwiceWhenANodeIsKilled() throws Exception {
        url = PostgresTestSchemas.newSchemaUrl();
        List<UUID> ids = new ArrayList<>();
        try (Jobvault submitter = Jobvault.builder().database(url).nodeId("submitter").artifactDirectory(dir).build()) {
            List<JobRequest> batch = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                batch.add(JobRequest.of("cluster.work", "{\"i\":" + i + "}"));
                if (batch.size() == 1000) {
                    submitter.submitAll(batch).forEach(r -> ids.add(r.id()));
                    batch.clear();
                }
            }
        }
        for (String node : List.of("n1", "n2", "n3")) children.add(child(node));
        await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of("n1", "n2", "n3").allMatch(n -> Files.exists(dir.resolve("ready-" + n))));

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> ledgerLines("n2") >= JOBS / 20);
        Process victim = children.get(1);
        victim.destroyForcibly(); // SIGKILL: no graceful close, its leases stay behind
        Instant killedAt = Instant.now();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (PostgresJobStore store = PostgresJobStore.open(url)) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> store.jobsCountUnfinished().isEmpty());

            Map<UUID, List<Integer>> runs = ledgers();
            int ranAgain = 0;
            Instant lastRescue = null;
            for (UUID id : ids) {
                Job job = store.jobGet(id).orElseThrow(() -> new AssertionError("job lost: " + id));
                assertThat(job.state()).as("job %s", id).isEqualTo(JobState.SUCCEEDED);
                List<Integer> ran = runs.get(id);
                assertThat(ran).as("handler runs of %s", id).isNotEmpty();
                if (ran.size() == 1 && job.attempt() == 1) continue; // the common case, nothing else to check
                List<Attempt> attempts = store.jobAttempts(id);
                assertThat(attempts).filteredOn(a -> a.outcome() == Attempt.Outcome.SUCCEEDED).singleElement()
                        .satisfies(a -> assertThat(a.attempt()).isEqualTo(job.attempt()));
                for (int a : ran) {
                    if (a == job.attempt()) continue;
                    assertThat(attempts).as("run %d of %s", a, id).anySatisfy(x -> {
                        assertThat(x.attempt()).isEqualTo(a);
                        assertThat(x.outcome()).isNotEqualTo(Attempt.Outcome.SUCCEEDED);
                    });
                }
                for (Attempt a : attempts) {
                    if (a.outcome() == Attempt.Outcome.LEASE_EXPIRED && "n2".equals(a.node())
                            && (lastRescue == null || a.finishedAt().isAfter(lastRescue))) lastRescue = a.finishedAt();
                }
                ranAgain++;
            }
            assertThat(store.jobsList(new JobListParams(JobFilter.ALL, null, 10))).isNotEmpty();
            System.out.printf("cluster test: %d jobs, %d handler runs, %d jobs ran again after the kill, rescued %s after it%n",
                    JOBS, runs.values().stream().mapToInt(List::size).sum(), ranAgain,
                    lastRescue == null ? "none" : Duration.between(killedAt, lastRescue));
            if (lastRescue != null) {
                // node timeout, plus one node heartbeat for the leader to notice, plus slack for a loaded machine
                assertThat(Duration.between(killedAt, lastRescue)).isLessThan(Duration.ofSeconds(NODE_TIMEOUT_SECONDS + 10));
            }
        }
    }

    private Process child(String node) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ClusterChild.class.getName(), url, dir.toString(), node, String.valueOf(NODE_TIMEOUT_SECONDS))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + node + ".log").toFile()).start();
    }

    private long ledgerLines(String node) throws IOException {
        Path p = dir.resolve("ledger-" + node + ".txt");
        if (!Files.exists(p)) return 0;
        try (Stream<String> lines = Files.lines(p)) {
            return lines.count();
        }
    }

    private Map<UUID, List<Integer>> ledgers() throws IOException {
        Map<UUID, List<Integer>> runs = new HashMap<>();
        for (String node : List.of("n1", "n2", "n3")) {
            Path p = dir.resolve("ledger-" + node + ".txt");
            if (!Files.exists(p)) continue;
            String text = Files.readString(p);
            int end = text.lastIndexOf('\n'); // a line cut by the kill has no newline yet
            if (end < 0) continue;
            for (String line : text.substring(0, end).split("\n")) {
                String[] parts = line.split(" ");
                runs.computeIfAbsent(UUID.fromString(parts[0]), k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }
        return runs;
    }
}
