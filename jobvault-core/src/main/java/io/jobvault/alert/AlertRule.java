package io.jobvault.alert;

import java.time.Instant;
import java.util.List;

/** Finds the conditions that hold now. Rules read the store; they are evaluated on the maintenance leader. */
public interface AlertRule {
    List<AlertCondition> evaluate(Instant now);
}
