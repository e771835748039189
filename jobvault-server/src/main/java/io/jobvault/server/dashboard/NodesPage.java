package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.engine.LivenessClock;
import io.jobvault.store.JobStore;
import io.jobvault.store.NodeRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /nodes}: every node in the store's registry — live or silent (past the node timeout, its jobs about to be
 * taken back), which one leads maintenance, the version it runs, when it started and last beat, its running jobs and
 * how far its clock was from the database's at that beat, updated live (see {@link LiveStream}). One read of the node
 * registry (a row per node), the leader row, and running jobs by node (the running jobs only, by the state index),
 * held 3 s; heartbeats are judged on the liveness clock as the nodes judge each other. Nodes serve every tenant, so a
 * tenant-bound sign-in sees none of it.
 */
final class NodesPage {
    /** The role {@code GET /v1/health} names as {@code maintenanceLeader}. */
    static final String LEADER_ROLE = "maintenance";

    /** What the page reads, held {@link OverviewPage#FRESH_FOR} so reloads and live updates cost one read. */
    private record Registry(List<NodeRow> nodes, String leader, Map<String, Long> running) {}

    private final Jobvault jobvault;
    private final Fresh<Registry> registry;

    NodesPage(Jobvault jobvault, JobStore store) {
        this.jobvault = jobvault;
        this.registry = new Fresh<>(OverviewPage.FRESH_FOR, () -> new Registry(store.nodesList(),
                store.leaderOf(LEADER_ROLE).orElse(null), store.jobsRunningByNode()));
    }

    void show(Context ctx, Session session) {
        StringBuilder h = new StringBuilder();
        if (session.caller().tenant() != null) {
            h.append("<p id=\"tenant-note\">Nodes run every tenant's jobs, so a sign-in bound to tenant <strong>")
                    .append(esc(session.caller().tenant())).append("</strong> does not see them.</p>");
            Layout.page(ctx, session, "Nodes", "nodes", h.toString());
            return;
        }
        h.append("<p id=\"nodes-note\" class=\"muted\">Answered by node <span class=\"mono\">").append(esc(jobvault.nodeId()))
                .append("</span>. A node silent for more than ").append(esc(jobvault.nodeTimeout().toSeconds()))
                .append(" s counts as gone: its running jobs are taken back. ")
                .append(jobvault.livenessClock().followsDatabase() ? "Heartbeats are timed on the database's clock; each node's clock offset is measured against it."
                        : "Every node shares this machine's clock (SQLite), so there is no offset to measure.").append("</p>\n");
        h.append(LiveStream.region("nodes-live", "/live/nodes", live(ctx, session)));
        Layout.page(ctx, session, "Nodes", "nodes", h.toString());
    }

    /** The nodes table, as a live region (heartbeat ages move on; a node that goes silent shows so); nothing for a tenant. */
    LiveStream.Region live(Context ctx, Session session) {
        if (session.caller().tenant() != null) return new LiveStream.Region("", true);
        Registry r = registry.get();
        if (r.nodes().isEmpty()) return LiveStream.Region.of("<p id=\"no-nodes\">No node is registered.</p>");
        Instant now = jobvault.livenessClock().instant();
        Duration timeout = jobvault.nodeTimeout();
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"scroll\"><table id=\"nodes\"><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">Version</th><th scope=\"col\">Started</th><th scope=\"col\" class=\"num\">Last heartbeat</th>")
                .append("<th scope=\"col\" class=\"num\">Running jobs</th><th scope=\"col\" class=\"num\">Clock offset</th></tr></thead><tbody>\n");
        for (NodeRow n : r.nodes()) {
            Duration age = Duration.between(n.heartbeatAt(), now);
            boolean live = age.compareTo(timeout) <= 0;
            h.append("<tr id=\"node-").append(esc(n.id())).append("\"><th scope=\"row\" class=\"mono\">").append(esc(n.id()))
                    .append(n.id().equals(jobvault.nodeId()) ? " <span class=\"muted small\">answering</span>" : "").append("</th><td>")
                    .append(live ? "live" : "<span class=\"badge error-text\">silent</span>")
                    .append(n.id().equals(r.leader()) ? " <span class=\"badge\" id=\"leader\">leader</span>" : "").append("</td><td class=\"mono\">")
                    .append(n.version() == null ? "<span class=\"muted\">unknown</span>" : esc(n.version())).append("</td><td>")
                    .append(Formats.time(n.startedAt())).append("</td><td class=\"num\" title=\"").append(esc(n.heartbeatAt()))
                    .append("\">").append(age.isNegative() ? "just now" : esc(OverviewPage.latency(age)) + " ago").append("</td><td class=\"num\">")
                    .append(r.running().getOrDefault(n.id(), 0L)).append("</td><td class=\"num\">").append(offset(n.clockSkew())).append("</td></tr>\n");
        }
        return LiveStream.Region.of(h.append("</tbody></table></div>\n").toString());
    }

    /** "4.0 s behind", flagged past {@link LivenessClock#SKEW_LIMIT}; a dash where it is not measured. */
    private static String offset(Duration skew) {
        if (skew == null) return "<span class=\"muted\">—</span>";
        String text = esc(LivenessClock.describe(skew).replace(" of", "")); // "300.2 s ahead of" the database's
        return LivenessClock.beyondLimit(skew) ? "<span class=\"badge error-text clock-skewed\">" + text + "</span>" : text;
    }
}
