package io.jobvault;

import io.jobvault.alert.AlertSettings;
import io.jobvault.alert.AlertSink;
import io.jobvault.alert.Alerting;
import io.jobvault.alert.DiskThreshold;
import io.jobvault.alert.JobBackedSink;
import io.jobvault.alert.Webhooks;
import io.jobvault.health.HealthReportJob;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.schedule.ScheduleListenerFanOut;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the alert settings add to a node: the rules ({@link Alerting}), the job types and queues that deliver alerts
 * and the health report, and the listeners that feed the rules. Kept apart from the builder's plain settings.
 */
final class AlertWiring {
    final Alerting alerting;
    /** Null without a health report. */
    final HealthReportJob healthJob;
    private final Webhooks hooks;
    private final boolean hasWebhooks;
    private final boolean hasJobBackedSink;

    AlertWiring(Clock clock, AlertSettings settings, DiskThreshold diskLow, List<Webhooks.Webhook> webhooks,
                List<AlertSink> sinks, Schedule healthReport) {
        hooks = new Webhooks(clock);
        webhooks.forEach(hooks::add);
        alerting = new Alerting(clock, settings, diskLow, hooks, sinks);
        hasWebhooks = !webhooks.isEmpty();
        hasJobBackedSink = sinks.stream().anyMatch(s -> s instanceof JobBackedSink);
        healthJob = healthReport == null ? null : new HealthReportJob(alerting::deliverReport);
    }

    /** Adds the delivery and report job types, and their queues, apart from the user's. */
    void addTo(Map<String, JobType> types, Map<String, Integer> queues) {
        if (hasWebhooks) types.put(Webhooks.JOB_TYPE, JobType.of(Webhooks.JOB_TYPE, hooks));
        // deliveries run apart from user queues
        if (hasWebhooks || hasJobBackedSink) queues.putIfAbsent(JobBackedSink.QUEUE, 2);
        if (healthJob != null) {
            types.put(HealthReportJob.JOB_TYPE, healthJob.jobType());
            queues.putIfAbsent(HealthReportJob.QUEUE, 1);
        }
    }

    /** The alert rules' job listener, after the application's. */
    void addTo(List<JobListener> listeners) {
        listeners.add(alerting.jobEvents());
    }

    /** Schedule events go to the alert rules, then to the application's listener. */
    ScheduleListener scheduleListener(ScheduleListener application) {
        return new ScheduleListenerFanOut(List.of(alerting.scheduleEvents(), application));
    }
}
