package io.jobvault.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobContext;
import io.jobvault.JobDefinition;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Timing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration on an SQLite file of its own (jobvault.url): handler beans, properties, lifecycle, health. */
class JobvaultAutoConfigurationTest {
    record Greeting(String name) {}

    record Greeted(String text) {}

    static final JobDefinition<Greeting, Greeted> GREET = JobDefinition.of("greet", Greeting.class, Greeted.class).queue("work");

    static class GreetHandler implements DefinedJobHandler<Greeting, Greeted> {
        @Override
        public JobDefinition<Greeting, Greeted> definition() {
            return GREET;
        }

        @Override
        public JobOutcome handle(Greeting payload, JobContext context) {
            return JobOutcome.success(new Greeted("hello " + payload.name()));
        }
    }

    static class MethodHandlers {
        final CountDownLatch pinged = new CountDownLatch(1);

        @JobHandler("shout")
        Greeted shout(JobContext context, Greeting payload) {
            return new Greeted(payload.name().toUpperCase() + " from " + context.type());
        }

        @JobHandler("ping")
        void ping() {
            pinged.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        GreetHandler greetHandler() {
            return new GreetHandler();
        }

        @Bean
        MethodHandlers methodHandlers() {
            return new MethodHandlers();
        }

        @Bean
        Schedule hourlyPing() {
            return Schedule.builder("ping.hourly", Timing.every(Duration.ofHours(1)), JobTemplate.of("ping")).build();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JobvaultAutoConfiguration.class))
                .withUserConfiguration(Handlers.class)
                .withPropertyValues("jobvault.url=jdbc:sqlite:" + dir.resolve("jobvault.db"), "jobvault.node-id=spring-test",
                        "jobvault.queues.work=2", "jobvault.queues.default=1", "jobvault.retention.dead=P3D",
                        "jobvault.shutdown-grace=PT2S");
    }

    @Test
    void handlerBeansRunTheirJobs() {
        runner().run(context -> {
            Jobvault jobvault = context.getBean(Jobvault.class);
            assertThat(jobvault.nodeId()).isEqualTo("spring-test");
            assertThat(jobvault.queues()).contains("work", "default");
            assertThat(jobvault.jobTypes()).contains("greet", "shout", "ping");
            assertThat(jobvault.schedules().get("ping.hourly")).isPresent();

            UUID greet = jobvault.submit(GREET, new Greeting("ada")).id();
            UUID shout = jobvault.submit(JobRequest.builder("shout").payload("{\"name\":\"ada\"}").build()).id();
            jobvault.submit(JobRequest.of("ping", "{}"));

            awaitState(jobvault, greet, JobState.SUCCEEDED);
            assertThat(jobvault.result(GREET, greet)).contains(new Greeted("hello ada"));
            awaitState(jobvault, shout, JobState.SUCCEEDED);
            assertThat(jobvault.get(shout).result()).isEqualTo("{\"text\":\"ADA from shout\"}");
            assertThat(context.getBean(MethodHandlers.class).pinged.await(10, TimeUnit.SECONDS)).isTrue();
            // the application's registry got the engine's meters
            assertThat(context.getBean(MeterRegistry.class).find("jobvault.jobs.submitted").meters()).isNotEmpty();
        });
    }

    @Test
    void theApplicationsOpenTelemetryIsTheEnginesTracer() {
        java.util.Set<String> tracersAsked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        io.opentelemetry.api.OpenTelemetry otel = new io.opentelemetry.api.OpenTelemetry() {
            @Override
            public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
                return new io.opentelemetry.api.trace.TracerProvider() {
                    @Override
                    public io.opentelemetry.api.trace.Tracer get(String name) {
                        tracersAsked.add(name);
                        return io.opentelemetry.api.trace.TracerProvider.noop().get(name);
                    }

                    @Override
                    public io.opentelemetry.api.trace.Tracer get(String name, String version) {
                        return get(name);
                    }
                };
            }

            @Override
            public io.opentelemetry.context.propagation.ContextPropagators getPropagators() {
                return io.opentelemetry.context.propagation.ContextPropagators.noop();
            }
        };
        runner().withBean(io.opentelemetry.api.OpenTelemetry.class, () -> otel)
                .run(context -> assertThat(tracersAsked).as("the engine's tracer came from the application's bean").isNotEmpty());
    }

    @Test
    void healthNamesTheNodeAndItsLeadership() {
        runner().run(context -> {
            Health health = context.getBean(JobvaultHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("nodeId", "spring-test").containsEntry("store", "UP")
                    .containsEntry("nodeIdLock", "held").containsEntry("criticalAlerts", 0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(context.getBean(JobvaultHealthIndicator.class).health().getDetails())
                            .containsEntry("leader", "spring-test").containsEntry("isLeader", true));
        });
    }

    @Test
    void closingTheContextStopsTheNodeInItsPhase() {
        runner().run(context -> {
            JobvaultLifecycle lifecycle = context.getBean(JobvaultLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            context.close();
            assertThat(lifecycle.isRunning()).isFalse();
        });
    }

    @Test
    void anApplicationsOwnJobvaultWins(@TempDir Path other) {
        runner().withBean("jobvault", Jobvault.class, () -> Jobvault.builder()
                        .database("jdbc:sqlite:" + other.resolve("own.db")).nodeId("own").build(), d -> d.setDestroyMethodName("close"))
                .run(context -> {
                    assertThat(context).hasSingleBean(Jobvault.class);
                    assertThat(context.getBean(Jobvault.class).nodeId()).isEqualTo("own");
                    assertThat(context).hasSingleBean(JobvaultLifecycle.class);
                });
    }

    @Test
    void noStoreIsAClearFailure() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JobvaultAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("Jobvault needs a store"));
    }

    @Test
    void disabledMakesNothing() {
        runner().withPropertyValues("jobvault.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Jobvault.class));
    }

    private static void awaitState(Jobvault jobvault, UUID id, JobState state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> jobvault.get(id).state() == state);
    }
}
