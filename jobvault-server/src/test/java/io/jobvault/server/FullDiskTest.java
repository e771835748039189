package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.Page;
import io.jobvault.alert.Alert;
import io.jobvault.alert.AlertSettings;
import io.jobvault.testkit.SettableClock;
import io.jobvault.testkit.SmallFilesystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a real 4 MiB filesystem fills up under submit load, then grows: the server takes writes again
 * within seconds, without a restart; every job it accepted (202) runs exactly once, and none it refused (503) exists;
 * meanwhile readiness said not ready, and an alert told the cause.
 */
class FullDiskTest {
    private static final String ADMIN = "full-disk-admin-token";
    private static final String JOB = "{\"type\":\"test.count\",\"payload\":{\"pad\":\"" + "x".repeat(12000) + "\"}}";

    @TempDir
    Path dir;
    private final SettableClock clock = SettableClock.atFixedStart();
    private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<Alert> told = new CopyOnWriteArrayList<>();
    private SmallFilesystem disk;
    private JobvaultServer server;

    @AfterEach
    void stop() {
        try {
            if (server != null) server.close();
        } finally {
            if (disk != null) disk.close();
        }
    }

    @Test
    void aFullDataDiskHealsWhenItGrowsWithoutARestart() throws Exception {
        disk = SmallFilesystem.mount(dir.resolve("data"), "4m");
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 64 * 1024,
                "jdbc:sqlite:" + disk.dir().resolve("jobvault.db"), ADMIN), b -> b.nodeId("full").clock(clock)
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(100)).queue("default", 4)
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.25, 20, Duration.ofMinutes(5),
                        Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .alertSink(told::add)
                .handler("test.count", ctx -> {
                    runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
                    return JobOutcome.success();
                }));
        ApiClient api = new ApiClient(server.port(), ADMIN);

        // four clients submit until the disk is full and 40 submits were refused
        Set<UUID> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int t = 0; t < 4; t++) {
                done.add(clients.submit(() -> {
                    while (refused.get() < 40 && System.nanoTime() < deadline) {
                        submit(api, accepted, refused);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            clients.shutdownNow();
        }
        assertThat(refused.get()).as("the 4 MiB disk filled up").isGreaterThanOrEqualTo(40);
        assertThat(accepted).as("jobs accepted before it was full").isNotEmpty();

        // while it is full: not ready, with the cause; the alert goes out though the store cannot record it
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            submit(api, accepted, refused);
            ApiClient.Response ready = api.get("/health/ready");
            assertThat(ready.status()).as(ready.raw()).isEqualTo(503);
            assertThat(ready.json().at("/store/status").asText()).isEqualTo("cannot write");
            assertThat(ready.json().at("/store/diskFull").asBoolean()).isTrue();
            assertThat(ready.json().at("/store/cause").asText()).contains("SQLITE_FULL");
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return told.stream().anyMatch(a -> a.key().equals("store.unwritable:full") && a.open()
                    && "true".equals(a.context().get("diskFull")));
        });

        // grown: writes resume within seconds, no restart
        disk.resize("64m");
        long grown = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> submit(api, accepted, refused) == 202);
        System.out.printf("full disk: %d accepted, %d refused; writes resumed %d ms after the disk grew%n",
                accepted.size(), refused.get(), (System.nanoTime() - grown) / 1_000_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/health/ready").status() == 200);

        // every accepted job runs exactly once; no refused one was stored
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> accepted.stream().allMatch(id -> server.jobvault().get(id).state() == JobState.SUCCEEDED));
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(storedJobs()).as("a 503 stored nothing").isEqualTo(accepted.size());

        // the alert resolves once writes work, and is on record
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return told.stream().anyMatch(a -> a.key().equals("store.unwritable:full") && !a.open());
        });
        assertThat(server.jobvault().alerts(clock.instant().minus(Duration.ofDays(1)), 50))
                .anySatisfy(a -> {
                    assertThat(a.key()).isEqualTo("store.unwritable:full");
                    assertThat(a.message()).contains("SQLITE_FULL");
                    assertThat(a.open()).isFalse();
                });
    }

    /** One submit; a refusal must be a 503 problem that says nothing was changed. */
    private static int submit(ApiClient api, Set<UUID> accepted, AtomicInteger refused) {
        ApiClient.Response r = api.post("/v1/jobs", JOB);
        if (r.status() == 202) {
            accepted.add(UUID.fromString(r.json().get("id").asText()));
        } else {
            assertThat(r.status()).as(r.raw()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            refused.incrementAndGet();
        }
        return r.status();
    }

    private long storedJobs() {
        long n = 0;
        String cursor = null;
        do {
            Page<Job> page = server.jobvault().list(JobFilter.ALL.withType("test.count"), cursor, 1000);
            n += page.items().size();
            cursor = page.nextCursor();
        } while (cursor != null);
        return n;
    }
}
