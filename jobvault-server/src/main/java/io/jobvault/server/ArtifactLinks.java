package io.jobvault.server;

import io.jobvault.id.Signer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Signed, expiring download links: {@code /v1/jobs/ID/artifacts/NAME?expires=EPOCH&sig=HMAC}, the HMAC-SHA256 over
 * job, name and expiry under a secret kept in the store (so every node signs and checks alike). A link works without
 * a token until it expires; any changed byte makes it fail.
 */
final class ArtifactLinks {
    static final Duration VALIDITY = Duration.ofHours(1);

    private final Signer signer;
    private final Clock clock;

    ArtifactLinks(String base64Secret, Clock clock) {
        this.signer = new Signer(base64Secret);
        this.clock = clock;
    }

    String signedPath(UUID job, String name) {
        long expires = clock.instant().plus(VALIDITY).getEpochSecond();
        return "/v1/jobs/" + job + "/artifacts/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                + "?expires=" + expires + "&sig=" + signer.sign(signed(job, name, expires));
    }

    /** Whether {@code sig} is this server's signature of job, name and expiry, and the expiry has not passed. */
    boolean valid(UUID job, String name, long exp, String sig) {
        if (sig == null || Instant.ofEpochSecond(exp).isBefore(clock.instant())) return false;
        return signer.verify(signed(job, name, exp), sig);
    }

    private static String signed(UUID job, String name, long expires) {
        return job + "\n" + name + "\n" + expires;
    }
}
