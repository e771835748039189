package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs documented shell commands one at a time with bash, as a reader would paste them, after replacing the
 * documents' placeholders ({@code localhost:8080}, {@code jv_…}, {@code 01…}) with this test's server, token and
 * ids. Variable assignments ({@code TOKEN=…}) carry over to later commands, like in one terminal.
 */
final class ShellSession {
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(\\S*)$");
    private static final Pattern EXPECTED_FIELD = Pattern.compile("\"(\\w+)\": \"([^\"…]*)\"");

    private final Path cwd;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> placeholders = new LinkedHashMap<>();

    /** The output of one command, and its JSON when it printed one. */
    record Output(String where, String command, String stdout, JsonNode json) {}

    ShellSession(Path cwd, int port) {
        this.cwd = cwd;
        placeholders.put("localhost:8080", "localhost:" + port);
        placeholders.put("http://127.0.0.1:8080", "http://127.0.0.1:" + port);
    }

    /** From now on, {@code placeholder} in a command stands for {@code value}. */
    ShellSession replace(String placeholder, String value) {
        placeholders.put(placeholder, value);
        return this;
    }

    ShellSession set(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    /**
     * Runs one documented command; it must exit 0 and, when its comment shows a JSON answer ({@code # → 202 {"state":
     * "available", …}}), print JSON with those literal field values.
     */
    Output run(CodeBlock block, ShellCommands.Command command) {
        String where = DocsTree.relative(block.file()) + ":" + command.line();
        String code = command.code();
        for (Map.Entry<String, String> p : placeholders.entrySet()) code = code.replace(p.getKey(), p.getValue());
        assertThat(code).as(where + ": a placeholder this test does not know is left in: " + code).doesNotContain("…");
        Matcher assignment = ASSIGNMENT.matcher(code);
        if (assignment.matches()) {
            env.put(assignment.group(1), assignment.group(2));
            return new Output(where, code, "", null);
        }
        String stdout = bash(where, code);
        JsonNode json = parse(stdout);
        String comment = command.comment();
        if (comment.startsWith("→") && comment.contains("{")) {
            assertThat(json).as(where + ": the comment shows a JSON answer, the command printed: " + stdout).isNotNull();
            Matcher field = EXPECTED_FIELD.matcher(comment);
            while (field.find()) {
                assertThat(json.path(field.group(1)).asText()).as(where + ": field " + field.group(1) + " of " + stdout)
                        .isEqualTo(field.group(2));
            }
        }
        return new Output(where, code, stdout, json);
    }

    private String bash(String where, String code) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", code).directory(cwd.toFile());
            pb.environment().putAll(env);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(where + ": still running after 90 s: " + code).isTrue();
            assertThat(p.exitValue()).as(where + ": exit status of " + code).isZero();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String stdout) {
        if (stdout.isBlank() || !(stdout.strip().startsWith("{") || stdout.strip().startsWith("["))) return null;
        try {
            return Json.MAPPER.readTree(stdout);
        } catch (IOException e) {
            return null;
        }
    }

    /** The commands of the first ```bash block of {@code file} containing {@code marker}. */
    static CodeBlock blockWith(Path file, String marker) {
        List<CodeBlock> blocks = CodeBlock.in(file, "bash");
        return blocks.stream().filter(b -> String.join("\n", b.lines()).contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError(DocsTree.relative(file) + " has no bash block with " + marker));
    }
}
