package io.jobvault.server;

import io.javalin.http.Context;
import java.util.UUID;

/** Reads ids from paths, turning a malformed one into a 404 problem (no such job can exist). */
final class ApiIds {
    private ApiIds() {}

    static UUID jobId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            if (raw.length() == 36) return UUID.fromString(raw);
        } catch (IllegalArgumentException ignored) {
            // falls through to the problem below
        }
        throw Problem.of(404, "job-not-found", "Job not found", "'" + abbreviate(raw) + "' is not a job id",
                "job ids are UUIDs as returned by POST /v1/jobs, e.g. 01940a7e-8f2c-7c1e-9a3b-5f6d7e8f9a0b").exception();
    }

    static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }
}
