package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.alert.AlertJson;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/alerts}: open alerts and those raised or resolved recently (default the last 24 h), newest first. */
final class AlertsApi {
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
}
