package io.jobvault.alert;

import java.util.Map;

/**
 * A condition a rule finds true now. Its {@code key} names the condition (e.g. {@code job.dead:report.daily}): an alert
 * is raised once per key while the condition holds, and resolved when it no longer does.
 *
 * @param context facts for the message (job ids, counts, thresholds), shown as they are
 * @param hint    what an operator should do first
 */
public record AlertCondition(String key, String rule, Severity severity, String title, String message, String hint,
                             Map<String, String> context) {
    public AlertCondition {
        context = Map.copyOf(context);
    }
}
