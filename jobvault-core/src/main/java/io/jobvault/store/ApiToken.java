package io.jobvault.store;

import java.time.Instant;
import java.util.Set;

/**
 * An API token's record, without its secret (only a hash of the token is stored).
 *
 * @param tenant the only tenant the token may see, or null for every tenant
 */
public record ApiToken(String id, String name, String tenant, Set<String> scopes, Instant createdAt, Instant revokedAt) {
    public ApiToken {
        scopes = Set.copyOf(scopes);
    }

    public boolean active() {
        return revokedAt == null;
    }
}
