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
 * The TypeScript client's own suite ({@code npm ci && npm test} in clients/typescript), which starts the real server jar
 * this build made: ./run-tests fails when it fails. Skipped, saying why, where node or npm is missing.
 */
class TypeScriptClientTest {
    private static final Path ROOT = Path.of(System.getProperty("jobvault.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path logs;

    @Test
    void npmTestPasses() throws Exception {
        String missing = missingTool();
        if (missing != null) System.err.println("TypeScriptClientTest skipped: " + missing);
        assumeTrue(missing == null, () -> "the TypeScript client's tests need node and npm: " + missing);
        Path dir = ROOT.resolve("clients/typescript");
        Path jar = ROOT.resolve("jobvault-cli/target/jobvault.jar");
        assertThat(jar).as("built by jobvault-cli before this module").exists();

        run(logs, dir, List.of("npm", "ci", "--no-audit", "--no-fund"), jar);
        run(logs, dir, List.of("npm", "test"), jar);
    }

    /** Runs an npm command in {@code dir} with the server jar to start, failing with its output's tail: the output. */
    static String run(Path logs, Path dir, List<String> command, Path jar) throws IOException, InterruptedException {
        Path log = logs.resolve(dir.getFileName() + "-" + command.get(1) + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JOBVAULT_JAR", jar.toString());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()); // this build's JDK
        Process p = pb.start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly().waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done ? p.exitValue() : -1).as("%s in %s:%n%s", String.join(" ", command), dir, tail(output)).isZero();
        return output;
    }

    /** Why the suite cannot run here, or null when node and npm answer. */
    static String missingTool() {
        for (String tool : List.of("node", "npm")) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return tool + " --version failed";
            } catch (IOException e) {
                return tool + " is not on the PATH";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return null;
    }

    static String tail(String s) {
        return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }
}
