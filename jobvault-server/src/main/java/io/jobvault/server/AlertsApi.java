package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.alert.Acknowledgements;
import io.jobvault.alert.Alert;
import io.jobvault.alert.AlertJson;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/alerts}: open alerts and those raised or resolved recently (default the last 24 h), newest first;
 * {@code POST /v1/alerts/{id}/acknowledge} (admin, audited): an operator's "seen, on it" for an open alert.
 */
public final class AlertsApi {
    private final Jobvault jobvault;

    AlertsApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void list(Context ctx) {
        Authenticator.requireUntenanted(ctx, Scope.READ, "alerts");
        Duration since = ApiTime.query(ctx, "since", Duration.ZERO, Duration.ofDays(90), Duration.ofHours(24));
        Instant from = jobvault.clock().instant().minus(since);
        List<Alert> alerts = jobvault.alerts(from, 500);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode open = body.putArray("open");
        ArrayNode recent = body.putArray("recent");
        for (Alert a : alerts) (a.open() ? open : recent).add(AlertJson.of(a));
        JobsApi.json(ctx, body);
    }

    void acknowledge(Context ctx) {
        Caller caller = Authenticator.requireUntenanted(ctx, Scope.ADMIN, "alerts");
        String actor = SchedulesApi.actor(caller);
        Alert a = acknowledge(jobvault, ctx.pathParam("id"), actor);
        jobvault.audit(actor, "alert.acknowledge", "alert:" + a.id(), null, null);
        JobsApi.json(ctx, AlertJson.of(a));
    }

    /** Acknowledges the alert {@code id} names as {@code actor}: 404 when there is none, 409 when it is resolved. */
    public static Alert acknowledge(Jobvault jobvault, String id, String actor) {
        long alertId;
        try {
            alertId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            alertId = -1;
        }
        try {
            return jobvault.acknowledgeAlert(alertId, actor);
        } catch (Acknowledgements.NoSuchAlertException e) {
            throw Problem.of(404, "alert-not-found", "Alert not found",
                    "there is no alert '" + ApiIds.abbreviate(id) + "'; nothing was changed",
                    "list alerts with GET /v1/alerts").exception();
        } catch (Acknowledgements.AlertResolvedException e) {
            throw Problem.of(409, "alert-resolved", "Alert resolved", e.getMessage(),
                    "a resolved alert needs no acknowledgement").exception();
        }
    }
}
