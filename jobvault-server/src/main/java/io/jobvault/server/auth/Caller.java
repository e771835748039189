package io.jobvault.server.auth;

import java.util.Set;

/**
 * Who is calling, from their token.
 *
 * @param tenant the only tenant the caller may see, or null for every tenant
 */
public record Caller(String tokenId, String tenant, Set<Scope> scopes) {
    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean can(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    /** Whether a job of {@code jobTenant} exists for this caller ("" is the tenant of untenanted jobs). */
    public boolean sees(String jobTenant) {
        return tenant == null || tenant.equals(jobTenant);
    }
}
