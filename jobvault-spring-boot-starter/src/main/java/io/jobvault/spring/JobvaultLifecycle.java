package io.jobvault.spring;

import io.jobvault.Jobvault;
import org.springframework.context.SmartLifecycle;

/**
 * Stops the node with the context, in a phase after the web server's graceful shutdown (so no request submits into
 * a closed node) and before the DataSource closes: {@link Jobvault#close()} lets running jobs finish within
 * {@code jobvault.shutdown-grace} and hands the others back to the store for another node or the next start.
 */
public class JobvaultLifecycle implements SmartLifecycle {
    /** Below the web server's phases: started before it, stopped after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Jobvault jobvault;
    private volatile boolean running;

    public JobvaultLifecycle(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    /** The node started when the {@link Jobvault} bean was built (its handlers are beans it depends on). */
    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            jobvault.close();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
