package io.jobvault.schedule;

import java.util.List;
import java.util.Map;

/**
 * What triggering every schedule did: one schedule that cannot be triggered (an invalid stored definition) is
 * reported in {@code failed}, by id with the reason, and never keeps the others from running.
 */
public record TriggerAllResult(List<TriggerResult> triggered, Map<String, String> failed) {
    public TriggerAllResult {
        triggered = List.copyOf(triggered);
        failed = Map.copyOf(failed);
    }
}
