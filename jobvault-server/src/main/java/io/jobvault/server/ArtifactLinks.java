package io.jobvault.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download links: {@code /v1/jobs/ID/artifacts/NAME?expires=EPOCH&sig=HMAC}, the HMAC-SHA256 over
 * job, name and expiry under a secret kept in the store (so every node signs and checks alike). A link works without
 * a token until it expires; any changed byte makes it fail.
 */
final class ArtifactLinks {
    static final Duration VALIDITY = Duration.ofHours(1);

    private final SecretKeySpec key;
    private final Clock clock;

    ArtifactLinks(String base64Secret, Clock clock) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA256");
        this.clock = clock;
    }

    String signedPath(UUID job, String name) {
        long expires = clock.instant().plus(VALIDITY).getEpochSecond();
        return "/v1/jobs/" + job + "/artifacts/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                + "?expires=" + expires + "&sig=" + sign(job, name, expires);
    }

    /** Whether {@code sig} is this server's signature of job, name and expiry, and the expiry has not passed. */
    boolean valid(UUID job, String name, long exp, String sig) {
        if (sig == null || Instant.ofEpochSecond(exp).isBefore(clock.instant())) return false;
        return MessageDigest.isEqual(sign(job, name, exp).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(UUID job, String name, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((job + "\n" + name + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
