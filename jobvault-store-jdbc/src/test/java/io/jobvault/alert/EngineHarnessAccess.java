package io.jobvault.alert;

import java.util.concurrent.CountDownLatch;

/** Waits for a latch like a handler that ignores interrupts (restoring the flag afterwards). */
final class EngineHarnessAccess {
    private EngineHarnessAccess() {}

    static void awaitIgnoringInterrupts(CountDownLatch latch) {
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
