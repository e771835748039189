package io.jobvault.server.dashboard;

import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import java.time.Instant;

/**
 * A signed-in operator: the caller of the token they pasted (as that token stands now), and this sign-in's CSRF token,
 * which every state-changing request must carry.
 */
record Session(Caller caller, String csrf, Instant expiresAt) {
    /** Whether the caller may use the job actions that need {@code scope}; pages show only those buttons. */
    boolean can(Scope scope) {
        return caller.can(scope);
    }

    /** Read-only: may look, may change nothing (no submit scope). */
    boolean readOnly() {
        return !caller.can(Scope.SUBMIT);
    }
}
