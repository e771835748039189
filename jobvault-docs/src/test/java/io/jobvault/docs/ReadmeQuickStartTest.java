package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's quick start, as written: {@code ./jobvault server --demo} (on a free port and a temporary data
 * directory), then its curl commands with bash and curl — submit a demo report, wait for it, download the PDF.
 */
class ReadmeQuickStartTest {
    @TempDir
    Path dir;

    @Test
    void theCurlSequenceSubmitsWaitsAndDownloadsTheReport() throws IOException, NoSuchAlgorithmException {
        assumeThat(Path.of("/bin/bash")).as("bash is needed to run the documented commands").exists();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/curl"))).as("curl is needed to run the documented commands").isTrue();
        Path readme = DocsTree.root().resolve("README.md");
        CodeBlock startBlock = ShellSession.blockWith(readme, "./jobvault server");
        ShellCommands.Command start = ShellCommands.of(startBlock).stream()
                .filter(c -> c.code().startsWith("./jobvault server")).findFirst().orElseThrow();
        List<String> args = ShellCommands.words(start.code()).subList(1, ShellCommands.words(start.code()).size());
        CodeBlock curls = ShellSession.blockWith(readme, "curl");
        List<ShellCommands.Command> commands = ShellCommands.of(curls);
        assertThat(commands).as(curls.where() + ": set the token, submit, wait, download").hasSize(4);

        Path cwd = Files.createDirectories(dir.resolve("shell"));
        try (ServerProcess server = ServerProcess.start(args, dir.resolve("jobvault-data"))) {
            ShellSession shell = new ShellSession(cwd, server.port).replace("jv_…", server.adminToken());
            shell.run(curls, commands.get(0));

            ShellSession.Output submitted = shell.run(curls, commands.get(1));
            String id = submitted.json().get("id").asText();
            assertThat(submitted.json().get("type").asText()).isEqualTo("demo.report");
            shell.replace("01…", id);

            ShellSession.Output waited = shell.run(curls, commands.get(2));
            assertThat(waited.json().get("state").asText()).as(waited.stdout()).isEqualTo("succeeded");
            JsonNode report = waited.json().get("artifacts").get(0);
            assertThat(report.get("name").asText()).isEqualTo("report.pdf");
            URI signed = URI.create(report.get("url").asText());
            shell.replace("?expires=…&sig=…", "?" + signed.getRawQuery());

            shell.run(curls, commands.get(3));
            byte[] pdf = Files.readAllBytes(cwd.resolve("report.pdf"));
            assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)))
                    .isEqualTo(report.get("sha256").asText());
        }
    }
}
