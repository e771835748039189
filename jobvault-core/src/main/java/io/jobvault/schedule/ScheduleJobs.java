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
            JobRequest.Builder b = job.request(key).label("jobvault.schedule", scheduleId).label("jobvault.fire", fireAt.toString());
            if (!key.isEmpty()) b.payload(withKey(job.payload(), key)).label("jobvault.key", key);
            if (runAt != null) b.runAt(runAt);
            out.add(b.build());
        }
        return out;
    }

    /**
     * The job that names a fire's keys: of the key-source type, in the template's queue and priority, with the
     * template's payload; its result is read once it succeeds.
     */
    static JobRequest sourceRequest(String scheduleId, JobTemplate job, String keySource, Instant fireAt, Instant runAt) {
        JobRequest.Builder b = JobRequest.builder(keySource).payload(job.payload()).queue(job.queue()).priority(job.priority())
                .label("jobvault.schedule", scheduleId).label("jobvault.fire", fireAt.toString()).label("jobvault.keySource", "true");
        if (runAt != null) b.runAt(runAt);
        return b.build();
    }

    /**
     * The keys a key-source job returned: a JSON array of strings, or an object with a {@code "keys"} array.
     *
     * @throws IllegalArgumentException naming what is wrong with the result
     */
    static List<String> keysOf(String result) {
        JsonNode node;
        try {
            node = result == null ? null : Json.MAPPER.readTree(result);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("its result is not JSON");
        }
        if (node instanceof ObjectNode o) node = o.get("keys");
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("its result must be a JSON array of keys, or an object with a \"keys\" array");
        }
        List<String> keys = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode k : node) {
            if (!k.isTextual() || !Schedule.KEY.matcher(k.textValue()).matches()) {
                throw new IllegalArgumentException("every key must be a string of 1..200 characters without control characters");
            }
            if (seen.add(k.textValue())) keys.add(k.textValue());
        }
        if (keys.size() > Schedule.MAX_KEYS) throw new IllegalArgumentException("at most " + Schedule.MAX_KEYS + " keys, had " + keys.size());
        return keys;
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
