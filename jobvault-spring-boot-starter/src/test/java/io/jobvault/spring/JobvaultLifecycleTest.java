package io.jobvault.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.JobOutcome;
import io.jobvault.TypedJobHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Handlers registered through the lifecycle run only once the context has started. */
class JobvaultLifecycleTest {
    @Test
    void aHandlerWaitsForTheContextToStart() throws Exception {
        JobvaultLifecycle lifecycle = new JobvaultLifecycle(new DefaultListableBeanFactory().getBeanProvider(io.jobvault.Jobvault.class));
        TypedJobHandler<String, Void> handler = lifecycle.afterStart((payload, context) -> JobOutcome.success());

        CompletableFuture<JobOutcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return handler.handle("x", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // not started: still waiting after a while (bounded, not a sleep: the run would end at once if ungated)
        assertThatThrownBy(() -> run.get(Duration.ofMillis(300).toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        lifecycle.start();
        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(JobOutcome.success());
        assertThat(lifecycle.isRunning()).isTrue();
        lifecycle.stop(); // no Jobvault was ever built: nothing to close
        assertThat(lifecycle.isRunning()).isFalse();
    }
}
