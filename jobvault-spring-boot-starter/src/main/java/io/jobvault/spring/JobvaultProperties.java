package io.jobvault.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code jobvault.}; what is left unset keeps {@link io.jobvault.JobvaultBuilder}'s default. The store is
 * the application's {@code DataSource} (PostgreSQL) unless {@code jobvault.url} names one of Jobvault's own.
 */
@ConfigurationProperties("jobvault")
public class JobvaultProperties {
    /** False: no Jobvault in this application. */
    private boolean enabled = true;
    /** A store of Jobvault's own instead of the application's DataSource: jdbc:sqlite:FILE or jdbc:postgresql://…. */
    private String url;
    /** This node's id (default: the host name); two running processes never share one. */
    private String nodeId;
    /** Queues this node works, with how many of their jobs it runs at once. None: the node only submits. */
    private Map<String, Integer> queues = new LinkedHashMap<>();
    /** How long finished jobs are kept, per final state. */
    private final Retention retention = new Retention();
    /** How long running jobs get to finish on shutdown before they are handed back to the store. */
    private Duration shutdownGrace;
    /** A directory for artifact files, shared by every node (default: in the database on PostgreSQL, beside the file on SQLite). */
    private Path artifactDirectory;

    public static class Retention {
        private Duration succeeded;
        private Duration cancelled;
        private Duration dead;

        public Duration getSucceeded() {
            return succeeded;
        }

        public void setSucceeded(Duration succeeded) {
            this.succeeded = succeeded;
        }

        public Duration getCancelled() {
            return cancelled;
        }

        public void setCancelled(Duration cancelled) {
            this.cancelled = cancelled;
        }

        public Duration getDead() {
            return dead;
        }

        public void setDead(Duration dead) {
            this.dead = dead;
        }

        boolean isSet() {
            return succeeded != null || cancelled != null || dead != null;
        }

        /** The set durations over {@link io.jobvault.Retention#DEFAULT}. */
        io.jobvault.Retention over(io.jobvault.Retention defaults) {
            return new io.jobvault.Retention(succeeded != null ? succeeded : defaults.succeeded(),
                    cancelled != null ? cancelled : defaults.cancelled(), dead != null ? dead : defaults.dead());
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public Map<String, Integer> getQueues() {
        return queues;
    }

    public void setQueues(Map<String, Integer> queues) {
        this.queues = queues;
    }

    public Retention getRetention() {
        return retention;
    }

    public Duration getShutdownGrace() {
        return shutdownGrace;
    }

    public void setShutdownGrace(Duration shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }

    public Path getArtifactDirectory() {
        return artifactDirectory;
    }

    public void setArtifactDirectory(Path artifactDirectory) {
        this.artifactDirectory = artifactDirectory;
    }
}
