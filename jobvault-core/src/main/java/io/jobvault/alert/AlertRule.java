package io.jobvault.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Finds the conditions that hold now. Rules read the store; they are evaluated on the maintenance leader. */
public interface AlertRule {
    List<AlertCondition> evaluate(Instant now);

    /**
     * The conditions every rule finds now, by key; empty when a rule failed, because a rule that cannot tell must not
     * resolve its alerts.
     */
    static Optional<Map<String, AlertCondition>> holdingNow(List<AlertRule> rules, Instant now) {
        Map<String, AlertCondition> holding = new HashMap<>();
        for (AlertRule rule : rules) {
            try {
                for (AlertCondition c : rule.evaluate(now)) holding.put(c.key(), c);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AlertRule.class).warn("alert rule {} failed; its alerts stay as they are: {}",
                        rule.getClass().getSimpleName(), e.toString());
                return Optional.empty();
            }
        }
        return Optional.of(holding);
    }
}
