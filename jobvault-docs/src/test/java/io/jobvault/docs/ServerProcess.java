package io.jobvault.docs;

import static org.awaitility.Awaitility.await;

import io.jobvault.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./jobvault server …} as a documented command line starts it: the real command in a child JVM, on a free
 * loopback port and a data directory of the test's. It prints the admin token once, as a first start does.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("^\\s+(jv_\\S+)\\s*$");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    final int port;

    private ServerProcess(List<String> serverArgs, Path data) throws IOException {
        this.port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(serverArgs);
        command.addAll(List.of("--port", String.valueOf(port), "--data", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(data.getParent().toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("JOBVAULT_")); // only what the documented line says
        process = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) output.add(line);
            } catch (IOException e) {
                output.add("(output ended: " + e + ")");
            }
        });
    }

    /** @param serverArgs the documented words after {@code ./jobvault}, starting with {@code server} */
    static ServerProcess start(List<String> serverArgs, Path data) throws IOException {
        ServerProcess server = new ServerProcess(serverArgs, data);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> server.output.stream().anyMatch(l -> l.startsWith("Jobvault serving")) || !server.process.isAlive());
            if (!server.process.isAlive()) throw new IllegalStateException("the server exited: " + server.output());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The admin token the first start printed. */
    String adminToken() {
        return output.stream().map(TOKEN::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no admin token printed: " + output()));
    }

    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
