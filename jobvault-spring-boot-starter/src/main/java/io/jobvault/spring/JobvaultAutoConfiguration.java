package io.jobvault.spring;

import io.jobvault.JobDefinition;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.Retention;
import io.jobvault.TypedJobHandler;
import io.jobvault.alert.AlertSink;
import io.jobvault.schedule.Schedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jobvault in a Spring Boot application: a node on the application's DataSource (or {@code jobvault.url}) running the
 * handler beans, stopped in the context's lifecycle, with submits that join the application's transactions, metrics
 * on its MeterRegistry and an Actuator health component. Every bean here gives way to one of the application's.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", // Boot 4
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(Jobvault.class)
@ConditionalOnProperty(prefix = "jobvault", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobvaultProperties.class)
public class JobvaultAutoConfiguration {

    /**
     * Built and started here, so beans that submit can have it injected; handler beans are created first, and run
     * jobs once the context has started ({@link JobvaultLifecycle#afterStart}). Closed by {@link JobvaultLifecycle}
     * (and, should the context fail before it starts, on destroy: closing twice is harmless).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Jobvault jobvault(JobvaultProperties properties, ObjectProvider<DataSource> dataSource,
                             ObjectProvider<DefinedJobHandler<?, ?>> typedHandlers, ListableBeanFactory beans,
                             ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<OpenTelemetry> openTelemetry,
                             ObjectProvider<Schedule> schedules, ObjectProvider<AlertSink> alertSinks,
                             ObjectProvider<JobvaultBuilderCustomizer> customizers, JobvaultLifecycle lifecycle) {
        JobvaultBuilder builder = Jobvault.builder();
        if (properties.getUrl() != null) {
            builder.database(properties.getUrl());
        } else {
            DataSource pool = dataSource.getIfUnique();
            if (pool == null) {
                throw new IllegalStateException("Jobvault needs a store: a single DataSource bean (spring.datasource.url, "
                        + "PostgreSQL) or jobvault.url (jdbc:sqlite:FILE or jdbc:postgresql://…)");
            }
            builder.dataSource(pool);
        }
        if (properties.getNodeId() != null) builder.nodeId(properties.getNodeId());
        properties.getQueues().forEach(builder::queue);
        if (properties.getRetention().isSet()) builder.retention(properties.getRetention().over(Retention.DEFAULT));
        if (properties.getShutdownGrace() != null) builder.shutdownGrace(properties.getShutdownGrace());
        if (properties.getArtifactDirectory() != null) builder.artifactDirectory(properties.getArtifactDirectory());
        typedHandlers.orderedStream().forEach(handler -> register(builder, handler, lifecycle));
        JobHandlerMethods.registerAll(beans, new JobHandlerMethods.Registrar() {
            @Override
            public void handler(String type, io.jobvault.JobHandler handler) {
                builder.handler(type, lifecycle.afterStart(handler));
            }

            @Override
            public <P> void typed(JobDefinition<P, Object> definition, TypedJobHandler<P, Object> handler) {
                builder.handler(definition, lifecycle.afterStart(handler));
            }
        });
        // schedules defined in code, synced on start as JobvaultBuilder.schedule says
        schedules.orderedStream().forEach(builder::schedule);
        alertSinks.orderedStream().forEach(builder::alertSink);
        meterRegistry.ifAvailable(builder::meterRegistry);
        openTelemetry.ifAvailable(builder::openTelemetry); // without one, the builder's default: GlobalOpenTelemetry
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static <P, R> void register(JobvaultBuilder builder, DefinedJobHandler<P, R> handler, JobvaultLifecycle lifecycle) {
        builder.handler(handler.definition(), lifecycle.afterStart(handler));
    }

    @Bean
    @ConditionalOnMissingBean
    public JobvaultLifecycle jobvaultLifecycle(ObjectProvider<Jobvault> jobvault) {
        return new JobvaultLifecycle(jobvault);
    }

    /** Joins the application's transactions only when Jobvault stores in the application's DataSource. */
    @Bean
    @ConditionalOnMissingBean
    public TransactionalJobs transactionalJobs(Jobvault jobvault, JobvaultProperties properties,
                                               ObjectProvider<DataSource> dataSource) {
        return new TransactionalJobs(jobvault, properties.getUrl() == null ? dataSource.getIfUnique() : null);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "jobvaultHealthIndicator")
        JobvaultHealthIndicator jobvaultHealthIndicator(Jobvault jobvault) {
            return new JobvaultHealthIndicator(jobvault);
        }
    }
}
