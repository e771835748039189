package io.jobvault.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.store.ApiToken;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** API tokens: stored by hash, listed, revoked; admin tokens counted. */
public abstract class TokenConformance extends StoreConformance {

    @Test
    void aTokenIsFoundByTheHashOfItsSecretOnly() {
        ApiToken t = new ApiToken("t1", "ci", "acme", Set.of("submit", "read"), now(), null);
        store.tokenInsert(t, "hash-1");
        assertThat(store.tokenByHash("hash-1")).contains(t);
        assertThat(store.tokenByHash("hash-2")).isEmpty();
        assertThat(store.tokenList()).containsExactly(t);
    }

    @Test
    void aTokenIsFoundByItsIdRevokedOrNot() {
        ApiToken t = new ApiToken("t1", "ops", null, Set.of("read"), now(), null);
        store.tokenInsert(t, "hash-1");
        assertThat(store.tokenById("t1")).contains(t);
        assertThat(store.tokenById("t2")).isEmpty();
        store.tokenRevoke("t1", now());
        assertThat(store.tokenById("t1").orElseThrow().active()).isFalse();
    }

    @Test
    void revokedTokensStayListedButInactive() {
        store.tokenInsert(new ApiToken("t1", "ci", null, Set.of("admin"), now(), null), "h");
        assertThat(store.tokenCountActiveAdmins()).isEqualTo(1);
        assertThat(store.tokenRevoke("t1", now())).isTrue();
        assertThat(store.tokenRevoke("t1", now())).isFalse();
        assertThat(store.tokenRevoke("nope", now())).isFalse();
        assertThat(store.tokenByHash("h").orElseThrow().active()).isFalse();
        assertThat(store.tokenCountActiveAdmins()).isZero();
    }

    @Test
    void tenantBoundAdminsDoNotCountAsAdmins() {
        store.tokenInsert(new ApiToken("t1", "x", "acme", Set.of("admin"), now(), null), "h1");
        store.tokenInsert(new ApiToken("t2", "y", null, Set.of("read"), now(), null), "h2");
        assertThat(store.tokenCountActiveAdmins()).isZero();
    }
}
