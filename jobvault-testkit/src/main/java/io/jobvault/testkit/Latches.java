package io.jobvault.testkit;

import java.util.concurrent.CountDownLatch;

/** Waiting helpers for handlers in tests. */
public final class Latches {
    private Latches() {}

    /**
     * Waits for the latch like a handler that ignores interrupts (a cancel or a lost lease interrupts it), restoring
     * the interrupt flag afterwards — how slow, uninterruptible I/O behaves.
     */
    public static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
