package io.jobvault.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one task on several threads at once, for tests that race them. Unlike bare threads, whatever a thread throws
 * fails the test (an exception in a thread is otherwise only printed, and the test goes on and may pass), and so
 * does a thread still running at the deadline.
 */
public final class Concurrently {
    /** The work of thread {@code index} (0-based). */
    @FunctionalInterface
    public interface Task {
        void run(int index) throws Exception;
    }

    private Concurrently() {}

    /**
     * Runs {@code task} on {@code threads} platform threads released together, and waits for all of them up to
     * {@code timeout}. Throws an {@link AssertionError} when any thread threw (the first throwable as its cause, the
     * others suppressed) or had not finished by then.
     */
    public static void run(int threads, Duration timeout, Task task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("concurrently-", 0).factory());
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    task.run(index);
                    return null;
                }));
            }
            ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            go.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Throwable> failures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                try {
                    futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (TimeoutException e) {
                    failures.add(new AssertionError("thread " + i + " had not finished after " + timeout));
                }
            }
            if (failures.isEmpty()) return;
            AssertionError error = new AssertionError(failures.size() + " of " + threads + " threads failed; the first: "
                    + failures.getFirst(), failures.getFirst());
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        } finally {
            pool.shutdownNow();
        }
    }
}
