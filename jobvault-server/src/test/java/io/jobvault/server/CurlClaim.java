package io.jobvault.server;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A remote worker in another OS process: curl long-polling {@code POST /v1/workers/claim}, which a test kills with
 * SIGKILL mid-poll, as a crashed or OOM-killed worker dies.
 */
final class CurlClaim implements AutoCloseable {
    private final Process process;

    private CurlClaim(Process process) {
        this.process = process;
    }

    static CurlClaim start(int port, String token, String body) throws IOException {
        return new CurlClaim(new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-X", "POST",
                "http://127.0.0.1:" + port + "/v1/workers/claim", "-H", "Authorization: Bearer " + token,
                "-H", "Content-Type: application/json", "--data-binary", body)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Unix), and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("curl survived SIGKILL");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The value of {@code jobvault_worker_claims_waiting} on the server's /metrics: long polls open now. */
    static int claimsWaiting(ApiClient api) {
        for (String line : api.get("/metrics").raw().split("\n")) {
            if (line.startsWith("jobvault_worker_claims_waiting ")) return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
        }
        throw new IllegalStateException("no jobvault_worker_claims_waiting in /metrics");
    }
}
