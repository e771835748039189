package io.jobvault.server.auth;

import io.jobvault.id.Signer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-job read tokens for browsers: {@code jvr_} + the job, the minting token's id, its tenant and an expiry, signed
 * (HMAC-SHA256) with a secret kept in the store, so every node checks alike and minting writes nothing. A read token
 * can only read its one job, that job's events and its artifacts (enforced by {@link Authenticator}); it dies at its
 * expiry, or earlier when the token that minted it is revoked.
 */
public final class ReadTokens {
    public static final String PREFIX = "jvr_";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofHours(24);

    /** What a genuine read token stands for (its expiry may have passed). */
    public record Grant(UUID jobId, String parentTokenId, String tenant, Instant expiresAt) {}

    /** A newly minted token, to hand to a browser. */
    public record Minted(String token, Instant expiresAt) {}

    private final Signer signer;
    private final Clock clock;

    public ReadTokens(String base64Secret, Clock clock) {
        this.signer = new Signer(base64Secret);
        this.clock = clock;
    }

    /** A token reading {@code job} for {@code ttl} (within {@link #MIN_TTL}..{@link #MAX_TTL}), minted by {@code parent}. */
    public Minted mint(UUID job, Caller parent, Duration ttl) {
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) throw new IllegalArgumentException("ttl must be within 1m..24h");
        Instant expires = clock.instant().plus(ttl);
        // the tenant goes last: it is the one part that may contain the separator
        String payload = job + "|" + expires.getEpochSecond() + "|" + parent.tokenId() + (parent.tenant() == null ? "" : "|" + parent.tenant());
        return new Minted(PREFIX + signer.seal(payload), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** The grant, when {@code token} was minted by a server of this store (expired or not); empty for anything else. */
    public Optional<Grant> verify(String token) {
        if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
        return signer.open(token.substring(PREFIX.length())).flatMap(payload -> {
            try {
                String[] parts = payload.split("\\|", 4);
                return Optional.of(new Grant(UUID.fromString(parts[0]), parts[2], parts.length == 4 ? parts[3] : null,
                        Instant.ofEpochSecond(Long.parseLong(parts[1]))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    public boolean expired(Grant grant) {
        return !clock.instant().isBefore(grant.expiresAt());
    }
}
