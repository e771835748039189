package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every metric family a server exports on {@code /metrics} is in docs/observability.md's metrics table. */
class MetricsDocTest {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^(jobvault_[a-z_]+?)(_total|_bucket|_count|_sum|_max)?[{ ]");
    private static final Pattern DOCUMENTED = Pattern.compile("`(jobvault_[a-z_]+|_[a-z_]+)`");

    @TempDir
    Path dir;

    @Test
    void everyExportedMetricIsDocumented() throws IOException, InterruptedException {
        try (JobvaultServer server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY,
                "jdbc:sqlite:" + dir.resolve("jobvault.db"), "metrics-doc-token"), b -> b.queue("default", 2)
                .handler("ok", ctx -> JobOutcome.success()).handler("bad", ctx -> JobOutcome.discard("no")))) {
            UUID ok = server.jobvault().submit(JobRequest.of("ok", "{}")).id();
            UUID bad = server.jobvault().submit(JobRequest.of("bad", "{}")).id();
            await().atMost(Duration.ofSeconds(20)).until(() -> server.jobvault().get(ok).state().isTerminal()
                    && server.jobvault().get(bad).state().isTerminal());
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

            Set<String> exported = new TreeSet<>();
            Matcher m = SAMPLE.matcher(metrics);
            while (m.find()) exported.add(m.group(1));
            assertThat(exported).contains("jobvault_queue_depth", "jobvault_jobs_finished");
            Set<String> documented = documented();
            assertThat(exported).as("metrics on /metrics missing from docs/observability.md's table " + documented)
                    .allSatisfy(name -> assertThat(documented).contains(name));
        }
    }

    /** The table's names without their _total / _seconds-free suffixes; "_failed_total" continues the row's first name. */
    private static Set<String> documented() throws IOException {
        String doc = Files.readString(DocsTree.root().resolve("docs/observability.md"));
        String section = doc.substring(doc.indexOf("## Metrics"));
        Set<String> names = new TreeSet<>();
        for (String row : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String cell = row.substring(1, row.indexOf('|', 1));
            String stem = null;
            Matcher m = DOCUMENTED.matcher(cell);
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith("_")) name = stem + name;
                else stem = name.substring(0, name.lastIndexOf('_', name.endsWith("_total") ? name.length() - 7 : name.length()));
                names.add(name.replaceFirst("_total$", ""));
            }
        }
        return names;
    }
}
