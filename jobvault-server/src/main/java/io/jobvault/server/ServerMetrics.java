package io.jobvault.server;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry behind {@code GET /metrics}: the node's engine records its meters on it
 * ({@code JobvaultBuilder.meterRegistry}, the same names an embedded engine has, listed in docs/observability.md) and
 * the worker API adds its own. Queue depth and pruning lag are read from the store's counters when scraped, at most
 * every few seconds.
 */
final class ServerMetrics {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }
}
