package io.jobvault.spring;

import io.jobvault.Jobvault;
import io.jobvault.TypedJobHandler;
import java.util.concurrent.CountDownLatch;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Jobvault in the context's lifecycle. The node is built (and claims jobs) as soon as the {@link Jobvault} bean is,
 * so that beans can have it injected; the handlers it was given through {@link #afterStart} wait until the context
 * has started, so no job runs against a half-built application. On stop, in a phase after the web server's graceful
 * shutdown (no request submits into a closed node) and before the DataSource closes, {@link Jobvault#close()} lets
 * running jobs finish within {@code jobvault.shutdown-grace} and hands the others back to the store for another node
 * or the next start.
 */
public class JobvaultLifecycle implements SmartLifecycle {
    /** Below the web server's phases: started before it, stopped after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ObjectProvider<Jobvault> jobvault;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean running;

    public JobvaultLifecycle(ObjectProvider<Jobvault> jobvault) {
        this.jobvault = jobvault;
    }

    /** {@code handler}, waiting for the context to start before its first run (a shutdown meanwhile hands the job back). */
    public <P, R> TypedJobHandler<P, R> afterStart(TypedJobHandler<P, R> handler) {
        return (payload, context) -> {
            started.await();
            return handler.handle(payload, context);
        };
    }

    /** {@code handler} of the string API, waiting like {@link #afterStart(TypedJobHandler)}. */
    public io.jobvault.JobHandler afterStart(io.jobvault.JobHandler handler) {
        return context -> {
            started.await();
            return handler.handle(context);
        };
    }

    @Override
    public void start() {
        running = true;
        started.countDown();
    }

    @Override
    public void stop() {
        try {
            jobvault.ifAvailable(Jobvault::close);
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
