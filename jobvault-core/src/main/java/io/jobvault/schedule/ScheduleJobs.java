package io.jobvault.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.JobRequest;
import io.jobvault.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The job requests of one fire: one per fan-out key (with the key in the payload and the labels), or one. */
final class ScheduleJobs {
    private ScheduleJobs() {}

    /** Validates the template as a submit would, before the schedule is saved. */
    static void probe(JobTemplate job, boolean fanOut) {
        requests("probe", job, List.of(fanOut ? "k" : ""), Instant.EPOCH, null);
    }

    /**
     * @param keys  the fan-out keys, or {@code [""]} for one job
     * @param runAt when the jobs may run (null: at once)
     */
    static List<JobRequest> requests(String scheduleId, JobTemplate job, List<String> keys, Instant fireAt, Instant runAt) {
        List<JobRequest> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            JobRequest.Builder b = job.request().label("jobvault.schedule", scheduleId).label("jobvault.fire", fireAt.toString());
            if (!key.isEmpty()) b.payload(withKey(job.payload(), key)).label("jobvault.key", key);
            if (runAt != null) b.runAt(runAt);
            out.add(b.build());
        }
        return out;
    }

    private static String withKey(String payload, String key) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("payload is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("with fan-out keys the payload must be a JSON object (each job gets a \"key\" field)");
        }
        return Json.write(object.deepCopy().put("key", key));
    }
}
