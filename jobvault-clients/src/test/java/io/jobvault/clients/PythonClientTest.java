package io.jobvault.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client's own suite ({@code python3 -m unittest discover -s tests} in clients/python), which starts the
 * real server jar this build made: ./run-tests fails when it fails. Skipped, saying why, where no python3 >= 3.11 is.
 */
class PythonClientTest {
    private static final Path ROOT = Path.of(System.getProperty("jobvault.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path logs;

    @Test
    void unittestPasses() throws Exception {
        String missing = missingPython();
        if (missing != null) System.err.println("PythonClientTest skipped: " + missing);
        assumeTrue(missing == null, () -> "the Python client's tests need python3 >= 3.11: " + missing);
        Path jar = ROOT.resolve("jobvault-cli/target/jobvault.jar");
        assertThat(jar).as("built by jobvault-cli before this module").exists();

        Path log = logs.resolve("unittest.log");
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-v"))
                .directory(ROOT.resolve("clients/python").toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JOBVAULT_JAR", jar.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // this build's JDK, >= 21
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ left in the source tree
        Process p = pb.start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly().waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done ? p.exitValue() : -1).as("python3 -m unittest in clients/python:%n%s", tail(output)).isZero();
        // the suite skips itself without a jar or JDK; here both exist, so a skip would hide a broken setup
        assertThat(output).as(tail(output)).contains("\nOK").doesNotContain("skipped");
    }

    /** Why the suite cannot run here, or null when python3 >= 3.11 answers. */
    private static String missingPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 3)")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) return "python3 did not answer";
            return p.exitValue() == 0 ? null : "python3 is older than 3.11";
        } catch (IOException e) {
            return "python3 is not on the PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }
}
