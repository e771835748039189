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
        Duration since = Duration.ofHours(24);
        if (ctx.queryParam("since") != null) {
            since = ApiDurations.parse(ctx.queryParam("since"));
            if (since == null || since.isNegative() || since.compareTo(Duration.ofDays(90)) > 0) {
                throw JobsApi.badParam("since", "a duration up to 90d, such as 24h");
            }
        }
        Instant from = jobvault.clock().instant().minus(since);
        List<Alert> alerts = jobvault.alerts(from, 500);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode open = body.putArray("open");
        ArrayNode recent = body.putArray("recent");
        for (Alert a : alerts) (a.open() ? open : recent).add(AlertJson.of(a));
        JobsApi.json(ctx, body);
    }
}
