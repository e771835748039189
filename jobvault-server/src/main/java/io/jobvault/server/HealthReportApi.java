package io.jobvault.server;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.health.HealthReportJson;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Scope;
import java.time.Duration;

/** {@code GET /v1/health/report?period=24h} (scope admin): the health report as JSON. */
final class HealthReportApi {
    private final Jobvault jobvault;

    HealthReportApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void report(Context ctx) {
        Authenticator.requireUntenanted(ctx, Scope.ADMIN, "health reports");
        Duration period = ApiTime.query(ctx, "period", Duration.ofMillis(1), Duration.ofDays(90), Duration.ofHours(24));
        JobsApi.json(ctx, HealthReportJson.of(jobvault.healthReport(period)));
    }
}
