package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The token commands against a real store file, and the token they print working against a real server. */
class TokenCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new TokenCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void createListRevoke() {
        Run created = run("create", "--data", dir.toString(), "--tenant", "acme", "--scopes", "submit,read", "--name", "web");
        assertThat(created.exit()).isZero();
        String secret = created.out().split("\\s+")[0];
        String id = created.out().replaceAll("(?s).*\\(id (tok_[0-9a-f]+);.*", "$1");
        assertThat(secret).startsWith("jv_");

        ServerConfig config = new ServerConfig("127.0.0.1", 0, 1024, "jdbc:sqlite:" + dir.resolve("jobvault.db"), null);
        try (JobvaultServer server = JobvaultServer.start(config, b -> b.nodeId("t"))) {
            ApiClient api = new ApiClient(server.port(), secret);
            assertThat(api.post("/v1/jobs", "{\"type\": \"x\"}").json().get("tenant").asText()).isEqualTo("acme");

            Run listed = run("list", "--data", dir.toString());
            assertThat(listed.out()).contains(id, "active", "acme", "read,submit", "web").doesNotContain(secret);

            assertThat(run("revoke", "--data", dir.toString(), id).exit()).isZero();
            // The server learns of a revocation by another process within its token cache time (5 s).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> api.get("/v1/jobs").status() == 401);
            assertThat(run("list", "--data", dir.toString()).out()).contains("revoked");
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        Run bad = run("create", "--data", dir.toString(), "--scopes", "submit,fly");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown scope 'fly'");
        Run unknown = run("revoke", "--data", dir.toString(), "tok_nope");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no active token");
    }
}
