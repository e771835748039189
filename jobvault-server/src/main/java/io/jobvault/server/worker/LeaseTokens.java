package io.jobvault.server.worker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token a remote worker presents for a lease: job, attempt (the fencing token) and owner, signed with a secret in
 * the store, so any node can check it and nobody can make one up. The store still decides whether the lease is
 * current: a genuine but stale token is refused there.
 */
public final class LeaseTokens {
    /** What a valid token stands for. */
    public record Lease(UUID jobId, int attempt, String owner) {}

    private final SecretKeySpec key;

    public LeaseTokens(String base64Secret) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA256");
    }

    public String issue(Lease lease) {
        String body = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((lease.jobId() + "|" + lease.attempt() + "|" + lease.owner()).getBytes(StandardCharsets.UTF_8));
        return body + "." + mac(body);
    }

    /** The lease, when {@code token} is one this store's servers issued; empty for anything else. */
    public Optional<Lease> read(String token) {
        if (token == null || token.length() > 1000) return Optional.empty();
        int dot = token.lastIndexOf('.');
        if (dot <= 0) return Optional.empty();
        String body = token.substring(0, dot);
        if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII), token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).split("\\|", 3);
            return Optional.of(new Lease(UUID.fromString(parts[0]), Integer.parseInt(parts[1]), parts[2]));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private String mac(String body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return HexFormat.of().formatHex(m.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
