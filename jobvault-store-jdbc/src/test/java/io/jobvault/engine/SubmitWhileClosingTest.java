package io.jobvault.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.JobRequest;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultException;
import io.jobvault.store.JobStore;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.JobInserts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A submit that races {@code close()} is either stored or refused at once, saying nothing was stored; none hangs. */
class SubmitWhileClosingTest extends EngineTestBase {

    /** The race itself, held open: the caller saw the batcher open, then queues its job only after the loop ended. */
    @Test
    void aJobQueuedAfterTheLoopEndedIsRefusedNotLeftWaiting() throws Exception {
        CountDownLatch queueing = new CountDownLatch(1);
        CountDownLatch mayQueue = new CountDownLatch(1);
        BlockingQueue<SubmitBatcher.Pending> queue = new ArrayBlockingQueue<>(4) {
            @Override
            public void put(SubmitBatcher.Pending p) throws InterruptedException {
                queueing.countDown();
                mayQueue.await();
                super.put(p);
            }
        };
        SqliteJobStore store = h.rawStore();
        SubmitBatcher batcher = new SubmitBatcher(store, 1, inserts -> {}, queue);
        Thread loop = Thread.ofPlatform().name("submit-loop").start(batcher);
        CompletableFuture<Object> submit = CompletableFuture.supplyAsync(() -> {
            try {
                return batcher.submit(JobInserts.aJob(Instant.now()).build());
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(queueing.await(20, TimeUnit.SECONDS)).isTrue(); // past the check that the batcher is open

        batcher.close();
        loop.join(Duration.ofSeconds(20));
        assertThat(loop.isAlive()).isFalse();
        mayQueue.countDown();

        assertThat(submit.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(JobvaultException.class,
                e -> assertThat(e).hasMessageContaining("closed").hasMessageContaining("nothing was stored"));
        assertThatThrownBy(() -> batcher.submit(JobInserts.aJob(Instant.now()).build()))
                .isInstanceOf(JobvaultException.class).hasMessageContaining("nothing was stored");
    }

    /** An Error from the store (here a driver's failed assertion, once) fails that batch's callers and no other. */
    @Test
    void anErrorFromTheStoreFailsItsBatchAndTheLoopGoesOn() throws Exception {
        SqliteJobStore real = h.rawStore();
        AtomicInteger inserts = new AtomicInteger();
        JobStore failingOnce = (JobStore) java.lang.reflect.Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("jobsInsert") && inserts.getAndIncrement() == 0) throw new AssertionError("driver broke");
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        SubmitBatcher batcher = new SubmitBatcher(failingOnce, 1, committed -> {});
        Thread loop = Thread.ofPlatform().name("submit-loop").start(batcher);
        try {
            CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return batcher.submit(JobInserts.aJob(Instant.now()).build());
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(first.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(JobvaultException.class,
                    e -> assertThat(e).hasMessageContaining("driver broke").hasMessageContaining("may or may not be stored"));

            UUID second = CompletableFuture.supplyAsync(() -> batcher.submit(JobInserts.aJob(Instant.now()).build()).id())
                    .get(20, TimeUnit.SECONDS);
            assertThat(real.jobGet(second)).isPresent();
        } finally {
            batcher.close();
            loop.join(Duration.ofSeconds(20));
        }
    }

    @Test
    void manyThreadsSubmittingWhileTheNodeClosesAreEachStoredOrRefused() throws Exception {
        Jobvault jv = h.start(h.builder("closing"));
        Set<UUID> stored = ConcurrentHashMap.newKeySet();
        AtomicInteger submitted = new AtomicInteger();
        List<CompletableFuture<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            submitters.add(CompletableFuture.runAsync(() -> {
                while (true) {
                    try {
                        stored.add(jv.submit(JobRequest.of("x", "{}")).id());
                        submitted.incrementAndGet();
                    } catch (JobvaultException e) {
                        assertThat(e).hasMessageContaining("closed").hasMessageContaining("nothing was stored");
                        return;
                    }
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        org.awaitility.Awaitility.await().atMost(EngineHarness.WAIT).until(() -> submitted.get() >= 200);
        jv.close();

        // none waits for ever: each ended (stored jobs, then a refusal) within a bounded time
        CompletableFuture.allOf(submitters.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        SqliteJobStore store = h.rawStore();
        for (UUID id : stored) assertThat(store.jobGet(id)).as("job %s was reported stored", id).isPresent();
    }
}
