package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.json.Json;
import io.jobvault.schedule.InvalidScheduleException;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A schedules file: {@code {"schedules": [ {"id": …, "cron": …, "job": {…}, …}, … ]}}, each entry the same definition
 * as {@code PUT /v1/schedules/{id}} takes, plus its {@code id}. The server syncs it at start: entries are created or
 * updated (unchanged ones keep their state), and schedules the file defined before but no longer lists are deleted.
 */
final class SchedulesFile {
    private SchedulesFile() {}

    /** @throws IllegalArgumentException naming every problem, by entry */
    static List<Schedule> read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read schedules file " + file + ": " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("schedules");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("schedules file " + file + ": expected {\"schedules\": [ … ]}");
        }
        List<Schedule> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String label = entry.hasNonNull("id") ? entry.get("id").asText() : "#" + (i + 1);
            if (!entry.hasNonNull("id")) problems.add("schedule " + label + ": id is required");
            try {
                out.add(ScheduleCodec.fromJson(null, entry));
            } catch (InvalidScheduleException e) {
                e.problems().forEach(p -> problems.add("schedule " + label + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("schedules file " + file + " is invalid:\n  " + String.join("\n  ", problems));
        }
        return out;
    }
}
