package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The token commands against a real store file, and the token they print working against a real server. */
class TokenCommandTest {
    private static final String POSTGRES = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

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

    private JobvaultServer server(String database) {
        return JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1024, database, null).withJobTypes(Set.of("x")), b -> b.nodeId("t"));
    }

    @Test
    void createListRevoke() {
        try (JobvaultServer server = server("jdbc:sqlite:" + dir.resolve("jobvault.db"))) {
            Run created = run("create", "--data", dir.toString(), "--tenant", "acme", "--scopes", "submit,read", "--name", "web");
            assertThat(created.exit()).as(created.err()).isZero();
            String secret = created.out().split("\\s+")[0];
            String id = created.out().replaceAll("(?s).*\\(id (tok_[0-9a-f]+);.*", "$1");
            assertThat(secret).startsWith("jv_");
            ApiClient api = new ApiClient(server.port(), secret);
            assertThat(api.post("/v1/jobs", "{\"type\": \"x\"}").json().get("tenant").asText()).isEqualTo("acme");

            Run listed = run("list", "--data", dir.toString());
            assertThat(listed.out()).contains(id, "active", "acme", "read,submit", "web").doesNotContain(secret);

            assertThat(run("revoke", "--data", dir.toString(), id).exit()).isZero();
            // The server learns of a revocation by another process within its token cache time (5 s).
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v1/jobs").status() == 401);
            assertThat(run("list", "--data", dir.toString()).out()).contains("revoked");
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        server("jdbc:sqlite:" + dir.resolve("jobvault.db")).close();
        Run bad = run("create", "--data", dir.toString(), "--scopes", "submit,fly");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown scope 'fly'");
        Run unknown = run("revoke", "--data", dir.toString(), "tok_nope");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no active token");
    }

    /** Each token command, with the options that lead it to {@code data}. */
    private static List<String[]> everyCommandOn(String... storeOptions) {
        return List.of(concat(new String[] {"create", "--scopes", "admin"}, storeOptions), concat(new String[] {"list"}, storeOptions),
                concat(new String[] {"revoke", "tok_0123456789abcdef"}, storeOptions));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void withoutAStoreEveryCommandFailsSayingWhereItLookedAndCreatesNothing() throws Exception {
        // a mistyped data directory, given relative: the message names the absolute file it looked for
        String relative = "target/no-store-" + UUID.randomUUID();
        Path expected = Path.of(relative).toAbsolutePath().resolve("jobvault.db");
        // a file that exists but is no Jobvault store (an empty SQLite database)
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createFile(empty.resolve("jobvault.db"));
        for (String[] args : everyCommandOn("--data", relative)) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("token " + args[0] + ": no Jobvault store at " + expected, "only 'jobvault server' creates a store");
            assertThat(r.out()).isEmpty();
            assertThat(Path.of(relative)).doesNotExist();
        }
        for (String[] args : everyCommandOn("--data", empty.toString())) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("no Jobvault store at " + empty.resolve("jobvault.db"));
            assertThat(empty.resolve("jobvault.db")).isEmptyFile();
        }
    }

    @Test
    void withoutJobvaultTablesInThePostgresSchemaEveryCommandFailsNamingTheUrlWithoutItsPassword() throws Exception {
        String schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = POSTGRES + "&password=s3cret-password&currentSchema=" + schema;
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema); // exists, but holds no Jobvault tables
        }
        try {
            for (String[] args : everyCommandOn("--db", url)) {
                Run r = run(args);
                assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
                assertThat(r.err()).contains("no Jobvault store at " + url.replace("s3cret-password", "***"))
                        .doesNotContain("s3cret-password");
            }
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("no table was created").isZero();
            }

            try (JobvaultServer server = server(url)) { // only the server creates the store
                Run created = run("create", "--db", url, "--scopes", "read");
                assertThat(created.exit()).as(created.err()).isZero();
                ApiClient api = new ApiClient(server.port(), created.out().split("\\s+")[0]);
                assertThat(api.get("/v1/jobs").status()).isEqualTo(200);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
