package io.jobvault.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser example ({@code npm ci && npm test} in examples/export-pdf): a Node backend and a React page using
 * {@code useJob}, run in Debian's Chromium against the real server jar this build made, the backend restarted while
 * the export waits. Skipped, saying why, where node, npm or Chromium is missing (the jobvault-e2e module, which runs
 * before this one, installs Chromium as root).
 */
class ExportPdfExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("jobvault.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path logs;

    @Test
    void thePageFollowsTheExportAndDownloadsThePdf() throws Exception {
        String missing = TypeScriptClientTest.missingTool();
        if (missing == null && !(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")))) {
            missing = "Debian's chromium and chromium-driver are not installed";
        }
        if (missing != null) System.err.println("ExportPdfExampleTest skipped: " + missing);
        String why = missing;
        assumeTrue(missing == null, () -> "the export-pdf example's browser test needs node, npm and Chromium: " + why);
        Path jar = ROOT.resolve("jobvault-cli/target/jobvault.jar");
        assertThat(jar).as("built by jobvault-cli before this module").exists();

        Path dir = ROOT.resolve("examples/export-pdf");
        TypeScriptClientTest.run(logs, dir, List.of("npm", "ci", "--no-audit", "--no-fund"), jar);
        String output = TypeScriptClientTest.run(logs, dir, List.of("npm", "test"), jar);
        // the test skips itself without Chromium; here Chromium is there, so a skip would hide a broken setup
        assertThat(output).as(TypeScriptClientTest.tail(output)).contains("# pass 1").contains("# skipped 0");
    }
}
