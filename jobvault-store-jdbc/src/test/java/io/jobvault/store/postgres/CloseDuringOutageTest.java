package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.testkit.OutageProxy;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code close()} while the store is unreachable (the node's connections go through an {@link OutageProxy}, cut; the
 * shared server stays up) ends within the grace and a little more, and frees the node id: a node started again with
 * it takes back at once the job its previous run could not hand back.
 */
class CloseDuringOutageTest {
    private static final Duration GRACE = Duration.ofSeconds(1);
    /** The engine's wind-down after the grace (2 s), and some room for a loaded machine. */
    private static final Duration MARGIN = Duration.ofMillis(3_500);

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();
    private final String node = "close-outage-" + UUID.randomUUID().toString().substring(0, 8);

    private JobvaultBuilder node(String url) {
        return Jobvault.builder().database(url).nodeId(node).queue("default", 1).shutdownGrace(GRACE)
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(100));
    }

    @Test
    void closeEndsWithinTheGraceWhileTheStoreIsUnreachableAndFreesTheNodeId() throws Exception {
        URI pg = URI.create(schema.url().substring("jdbc:".length()));
        CountDownLatch started = new CountDownLatch(1);
        UUID id;
        try (OutageProxy proxy = OutageProxy.to(pg.getHost(), pg.getPort())) {
            String throughProxy = schema.url().replace(pg.getHost() + ":" + pg.getPort(), "127.0.0.1:" + proxy.port());
            Jobvault jv = node(throughProxy).handler("long", ctx -> {
                started.countDown();
                new CountDownLatch(1).await(); // until the shutdown interrupts it
                return JobOutcome.success();
            }).build();
            id = jv.submit(JobRequest.of("long", "{}")).id();
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            proxy.cut();
            long t0 = System.nanoTime();
            jv.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(GRACE.plus(MARGIN));
        }

        // well before the 30 s lease ends: the restarted node takes the job back at start
        try (Jobvault again = node(schema.url()).handler("long", ctx -> JobOutcome.success()).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> again.get(id).state() == JobState.SUCCEEDED);
        }
    }
}
