package io.jobvault.alert;

import io.jobvault.artifact.ArtifactWriteFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code disk.full}: this node's artifact writes fail for lack of space. Holds from the first such failure until a
 * write succeeds, or a window passes without another (no job wrote since space came back).
 */
final class ArtifactSpaceRule implements AlertRule {
    static final String RULE = "disk.full";

    private final String node;
    private final ArtifactWriteFailures failures;
    private final Duration window;

    ArtifactSpaceRule(String node, ArtifactWriteFailures failures, Duration window) {
        this.node = node;
        this.failures = failures;
        this.window = window;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        return failures.current().filter(f -> Duration.between(f.last(), now).compareTo(window) <= 0).map(f -> {
            String jobs = f.recentJobs().stream().map(Object::toString).collect(Collectors.joining(", "));
            return List.of(new AlertCondition(RULE + ":" + node + ":artifacts", RULE, Severity.CRITICAL,
                    "Artifact writes fail for lack of space on node " + node,
                    f.count() + " artifact write(s) on node " + node + " failed for lack of space since " + f.since()
                            + " (last: " + f.lastError() + "; jobs " + jobs + "). The jobs retry with backoff.",
                    "free space in the artifact directory's filesystem (shorter retention, old files) or grow it; the"
                            + " jobs succeed on their next attempt once there is room",
                    Map.of("node", node, "failures", String.valueOf(f.count()), "since", f.since().toString(),
                            "lastError", String.valueOf(f.lastError()), "jobs", jobs)));
        }).orElse(List.of());
    }
}
