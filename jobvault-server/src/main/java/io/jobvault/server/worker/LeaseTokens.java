package io.jobvault.server.worker;

import io.jobvault.id.Signer;
import java.util.Optional;
import java.util.UUID;

/**
 * The token a remote worker presents for a lease: job, attempt (the fencing token) and owner, signed with a secret in
 * the store, so any node can check it and nobody can make one up. The store still decides whether the lease is
 * current: a genuine but stale token is refused there.
 */
public final class LeaseTokens {
    /** What a valid token stands for. */
    public record Lease(UUID jobId, int attempt, String owner) {}

    private final Signer signer;

    public LeaseTokens(String base64Secret) {
        this.signer = new Signer(base64Secret);
    }

    public String issue(Lease lease) {
        return signer.seal(lease.jobId() + "|" + lease.attempt() + "|" + lease.owner());
    }

    /** The lease, when {@code token} is one this store's servers issued; empty for anything else. */
    public Optional<Lease> read(String token) {
        return signer.open(token).flatMap(payload -> {
            try {
                String[] parts = payload.split("\\|", 3);
                return Optional.of(new Lease(UUID.fromString(parts[0]), Integer.parseInt(parts[1]), parts[2]));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }
}
