package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.JobFilter;
import io.jobvault.Jobvault;
import io.jobvault.bulk.BulkAction;
import io.jobvault.bulk.BulkActions;
import io.jobvault.bulk.BulkOperation;
import io.jobvault.bulk.FilterJson;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/jobs/bulk}: retry, cancel or delete every job a filter matches. A preview counts the matches and changes
 * nothing; otherwise the operation is stored (202) and the maintenance leader runs it in batches, whichever node
 * answered. Scopes as for one job: submit to retry or cancel, admin to delete; a tenant-bound token acts on its tenant.
 */
final class BulkApi {
    private final Jobvault jobvault;

    BulkApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void start(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        ObjectNode body = RequestBodies.object(ctx);
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of("action", "filter", "preview").contains(name)) errors.add(name + ": unknown field (known: action, filter, preview)");
        }
        BulkAction action = null;
        JsonNode a = body.get("action");
        if (a == null || !a.isTextual()) errors.add("action: required, one of retry, cancel, delete");
        else {
            try {
                action = BulkAction.parse(a.asText());
            } catch (IllegalArgumentException e) {
                errors.add("action: one of retry, cancel, delete, was '" + ApiIds.abbreviate(a.asText()) + "'");
            }
        }
        JsonNode preview = body.get("preview");
        if (preview != null && !preview.isBoolean()) errors.add("preview: true or false");
        JobFilter filter = readFilter(body.get("filter"), errors);
        if (!errors.isEmpty()) throw invalid(errors);
        if (action == BulkAction.DELETE) Authenticator.require(ctx, Scope.ADMIN); // as DELETE /v1/jobs/{id}
        JobFilter scoped = JobFilters.forCaller(filter, caller);
        if (scoped == null) {
            throw invalid(List.of("filter.tenant: this token is bound to tenant '" + caller.tenant() + "' and acts on its jobs only"));
        }
        BulkActions bulk = jobvault.bulk();
        if (preview != null && preview.asBoolean()) {
            long matched = bulk.preview(scoped);
            ObjectNode out = Json.MAPPER.createObjectNode().put("action", action.wireName());
            out.set("filter", FilterJson.toNode(scoped));
            out.put("matched", matched).put("atLeast", !BulkActions.previewIsExact(scoped) && matched >= BulkActions.PREVIEW_CAP);
            JobsApi.json(ctx, out);
            return;
        }
        BulkOperation op = bulk.start(action, scoped, SchedulesApi.actor(caller));
        ctx.status(202).header("Location", "/v1/jobs/bulk/" + op.id());
        JobsApi.json(ctx, json(op));
    }

    void get(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.READ);
        JobsApi.json(ctx, json(visible(caller, ctx)));
    }

    void stop(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        BulkOperation op = visible(caller, ctx);
        if (op.action() == BulkAction.DELETE) Authenticator.require(ctx, Scope.ADMIN);
        BulkOperation after = jobvault.bulk().stop(op.id(), SchedulesApi.actor(caller)).orElseThrow(() -> notFound(op.id().toString()));
        JobsApi.json(ctx, json(after));
    }

    /** The filter object: only the known fields, each a string. */
    private static JobFilter readFilter(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            errors.add("filter: required, an object of job filters ({} matches every job you may see)");
            return JobFilter.ALL;
        }
        if (!node.isObject()) {
            errors.add("filter: must be an object");
            return JobFilter.ALL;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!JobFilters.NAMES.contains(name)) errors.add("filter." + name + ": unknown filter (known: " + String.join(", ", new java.util.TreeSet<>(JobFilters.NAMES)) + ")");
            else if (!node.get(name).isTextual()) errors.add("filter." + name + ": must be a string");
        }
        List<String> filterErrors = new ArrayList<>();
        JobFilter f = JobFilters.read(name -> node.hasNonNull(name) && node.get(name).isTextual() ? node.get(name).asText() : null, filterErrors);
        filterErrors.forEach(e -> errors.add("filter." + e));
        return f;
    }

    /** The operation, if the caller may see it: another tenant's answers exactly like one that never existed. */
    private BulkOperation visible(Caller caller, Context ctx) {
        String raw = ctx.pathParam("id");
        UUID id;
        try {
            if (raw.length() != 36) throw new IllegalArgumentException();
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw notFound(raw);
        }
        BulkOperation op = jobvault.bulk().get(id).orElseThrow(() -> notFound(raw));
        if (caller.tenant() != null && !caller.tenant().equals(op.filter().tenant())) throw notFound(raw);
        return op;
    }

    static ObjectNode json(BulkOperation op) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", op.id().toString()).put("action", op.action().wireName()).put("state", op.state().wireName());
        n.set("filter", FilterJson.toNode(op.filter()));
        n.put("matched", op.matched()).put("done", op.done());
        n.put("createdAt", op.createdAt().toString()).put("updatedAt", op.updatedAt().toString());
        if (op.finishedAt() != null) n.put("finishedAt", op.finishedAt().toString());
        if (op.actor() != null) n.put("actor", op.actor());
        return n;
    }

    private static ProblemException invalid(List<String> errors) {
        return Problem.of(422, "invalid-request", "Invalid request", String.join("; ", errors),
                "send {\"action\": \"retry\"|\"cancel\"|\"delete\", \"filter\": {...}, \"preview\": true|false}; the filter takes"
                        + " the query parameters of GET /v1/jobs").withErrors(errors).exception();
    }

    private static ProblemException notFound(String raw) {
        return Problem.of(404, "bulk-not-found", "Bulk operation not found", "no bulk operation '" + ApiIds.abbreviate(raw) + "'",
                "bulk operation ids are returned by POST /v1/jobs/bulk; ended operations are kept for 30 days").exception();
    }
}
