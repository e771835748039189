package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Jobvault;
import io.jobvault.server.auth.Scope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /nodes} on SQLite: every registered node, its heartbeat, leader and version; no clock offset to measure. */
class DashboardNodesTest extends DashboardTestBase {
    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void everyNodeShowsWithItsHeartbeatLeaderAndVersion() throws Exception {
        // a node of an older version (no version recorded), as another process on the same file would register
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"));
             PreparedStatement ps = c.prepareStatement("INSERT INTO jobvault_nodes (id, heartbeat_at, started_at) VALUES (?, ?, ?)")) {
            ps.setString(1, "old<b>node");
            ps.setLong(2, clock.instant().toEpochMilli());
            ps.setLong(3, clock.instant().minusSeconds(3600).toEpochMilli());
            ps.executeUpdate();
        }
        Browser b = browser();
        b.signIn(token(null, Scope.READ));
        Browser.Page page = b.get("/nodes");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"nodes\"", "id=\"node-dash\"", "answering", "id=\"leader\"", Jobvault.VERSION,
                        "shares this machine's clock")
                .contains("id=\"node-old&lt;b&gt;node\"", "<span class=\"muted\">unknown</span>").doesNotContain("old<b>node");
        assertThat(page.body()).contains("id=\"nodes-live\" class=\"live\" data-live=\"/live/nodes\"");
        assertThat(b.firstEvent("/live/nodes", "update")).as("the live region's stream").contains("id=\"node-dash\"", "id=\"node-old&lt;b&gt;node\"");
        assertThat(page.body().indexOf("id=\"leader\"")).as("the leader is this server's node")
                .isBetween(page.body().indexOf("id=\"node-dash\""), page.body().indexOf("</tr>", page.body().indexOf("id=\"node-dash\"")));
    }

    @Test
    void aTenantBoundSessionSeesNoNodes() {
        Browser b = browser();
        b.signIn(token("acme", Scope.READ));
        assertThat(b.get("/nodes").body()).contains("id=\"tenant-note\"").doesNotContain("id=\"node-dash\"");
    }
}
