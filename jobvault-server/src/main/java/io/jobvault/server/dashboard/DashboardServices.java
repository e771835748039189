package io.jobvault.server.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Handler;
import io.jobvault.Jobvault;
import io.jobvault.server.auth.Tokens;
import io.jobvault.store.JobStore;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What the dashboard reads and acts through — the same node, store and token checks the API uses.
 *
 * @param sessionSecret base64 HMAC key for session cookies, kept in the store so every node signs and checks alike
 * @param artifactLink  a signed, expiring download path for a job's artifact (the API's own links)
 * @param jobEvents     the API's job event stream, answering for the caller the dashboard attaches
 * @param health        what {@code GET /v1/health} answers, read without counting jobs (see the health page)
 */
public record DashboardServices(Jobvault jobvault, JobStore store, Tokens tokens, String sessionSecret,
                                BiFunction<UUID, String, String> artifactLink, Handler jobEvents,
                                Supplier<ObjectNode> health) {}
