package io.jobvault.alert;

import io.jobvault.JobListener;
import io.jobvault.JobRequest;
import io.jobvault.artifact.ArtifactWriteFailures;
import io.jobvault.engine.LivenessClock;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.engine.NodeIdHold;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The alerting of one node, put together by {@link io.jobvault.JobvaultBuilder}: the rules, the sinks (the log always,
 * webhooks and custom sinks when configured), the event listener that feeds schedule and stuck-job alerts, the
 * leader's {@link Alerter}, and every node's {@link StoreWatch}, {@link DeliveryOutbox} and {@link NodeAlerts}.
 */
public final class Alerting {
    private final Clock clock;
    private final AlertSettings settings;
    private final DiskThreshold diskLow;
    private final RecentEvents events;
    private final List<AlertSink> sinks = new ArrayList<>();

    public Alerting(Clock clock, AlertSettings settings, DiskThreshold diskLow, Webhooks webhooks, List<AlertSink> custom) {
        this.clock = clock;
        this.settings = settings;
        this.diskLow = diskLow;
        this.events = new RecentEvents(clock, settings.window());
        sinks.add(new LogSink());
        if (!webhooks.isEmpty()) sinks.add(webhooks);
        sinks.addAll(custom);
    }

    /** Told about stuck jobs (rescues). */
    public JobListener jobEvents() {
        return events;
    }

    /** Told about missed and overdue fires. */
    public ScheduleListener scheduleEvents() {
        return events;
    }

    /**
     * Binds the sinks that deliver through jobs (webhooks, email) to the running node: their deliveries are submitted
     * as jobs, and those the store cannot take go to the node's {@link DeliveryOutbox}, which sends them directly.
     * Returns the outbox's task; run it on every node, on a thread of its own (sending may block on a receiver).
     *
     * @param toInsert the row of a delivery job as submitted at a given time (how a delivery sent directly is recorded)
     */
    public MaintenanceTask bind(JobStore store, String nodeId, Consumer<JobRequest> submit,
                                BiFunction<JobRequest, Instant, JobInsert> toInsert) {
        DeliveryOutbox outbox = new DeliveryOutbox(store, nodeId, submit, toInsert, clock);
        for (AlertSink s : sinks) {
            if (s instanceof JobBackedSink j) j.bind(r -> outbox.submit(j, r));
        }
        return outbox;
    }

    /**
     * Hands a report to every sink. Each sink is tried, whatever the others do; then a failure is thrown, so that the
     * job delivering the report runs again (sinks that took it already deliver it once: deliveries are keyed by the
     * report's id).
     */
    public void deliverReport(Report report) {
        List<String> failed = new ArrayList<>();
        RuntimeException first = null;
        for (AlertSink s : sinks) {
            try {
                s.deliverReport(report);
            } catch (RuntimeException e) {
                failed.add(s.getClass().getSimpleName() + ": " + e.getMessage());
                if (first == null) first = e;
            }
        }
        if (first != null) throw new IllegalStateException("report " + report.id() + " not taken by " + String.join("; ", failed), first);
    }

    /** The rule evaluation, with the node's own rules besides {@code extra}; run it on the maintenance leader only. */
    public MaintenanceTask leaderTask(JobStore store, List<AlertRule> extra) {
        List<AlertRule> rules = new ArrayList<>(List.of(new JobOutcomeRule(store, settings), new StoreRules(store, settings),
                new SkippedFiresRule(store), events));
        rules.addAll(extra);
        return new Alerter(store, rules, new Sinks(sinks), settings);
    }

    /** The store probe; run it on every node. */
    public MaintenanceTask nodeTask(JobStore store, String nodeId) {
        return new StoreWatch(store, nodeId, settings.storeUnreachable(), new Sinks(sinks));
    }

    /**
     * This node's own alerts, run on every node: {@code store.unwritable}, {@code disk.low} for {@code directories}
     * ("data", "artifacts" → where), {@code disk.full} from the artifact writes that failed for lack of space,
     * {@code node.id-lost} while this process does not hold its node id, {@code clock.skewed} when its clock is off
     * the database's.
     */
    public MaintenanceTask nodeAlertsTask(JobStore store, String nodeId, Map<String, Path> directories,
                                          ArtifactWriteFailures artifactWrites, NodeIdHold nodeIdHold,
                                          LivenessClock livenessClock) {
        return new NodeAlerts(store, nodeId, List.of(new StoreWriteRule(store, nodeId),
                new DiskSpaceRule(nodeId, directories, diskLow),
                new ArtifactSpaceRule(nodeId, artifactWrites, settings.window()),
                new NodeIdLostRule(nodeId, nodeIdHold), new ClockSkewRule(nodeId, livenessClock)),
                new Sinks(sinks), settings);
    }

    /** Open alerts and those raised or resolved since {@code since}, newest first. */
    public static List<Alert> recent(JobStore store, Instant since, int limit) {
        return store.alertsSince(since, limit);
    }
}
