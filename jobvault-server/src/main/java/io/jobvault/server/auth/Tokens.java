package io.jobvault.server.auth;

import io.jobvault.store.ApiToken;
import io.jobvault.store.JobStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issues and checks API tokens. A token is {@code jv_} + 256 random bits; the store keeps only its SHA-256, which is
 * enough for a secret with that much entropy (no slow hash needed). An operator-set admin token (from the
 * environment) is checked against its hash in memory and never stored.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobStore store;
    private final Clock clock;
    private final String envAdminHash;
    /** Recent lookups by token hash, so a busy client costs no store read per request; bounded, short-lived. */
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> recent = new java.util.concurrent.ConcurrentHashMap<>();
    static final java.time.Duration CACHE_FOR = java.time.Duration.ofSeconds(5);
    static final int CACHE_MAX = 10_000;
    /** The id of the admin token an operator sets in the environment (JOBVAULT_ADMIN_TOKEN). */
    public static final String ENV_ADMIN_ID = "env-admin";

    private record Cached(Optional<Caller> caller, java.time.Instant until) {}

    /** @param envAdminToken an admin token given by the operator (JOBVAULT_ADMIN_TOKEN), or null */
    public Tokens(JobStore store, Clock clock, String envAdminToken) {
        this.store = store;
        this.clock = clock;
        this.envAdminHash = envAdminToken == null || envAdminToken.isBlank() ? null : hash(envAdminToken);
    }

    /** A new token and its secret; the secret is shown to the caller once and never again. */
    public record Issued(ApiToken token, String secret) {}

    public Issued create(String name, String tenant, Set<Scope> scopes) {
        if (scopes.isEmpty()) throw new IllegalArgumentException("a token needs at least one scope (submit, read, work, admin)");
        if (tenant != null && (tenant.isEmpty() || tenant.length() > 255 || tenant.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("tenant must be 1..255 characters without control characters");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "jv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[6];
        RANDOM.nextBytes(idBytes);
        ApiToken record = new ApiToken("tok_" + HexFormat.of().formatHex(idBytes), name, tenant,
                scopes.stream().map(Scope::wireName).collect(Collectors.toSet()), clock.instant(), null);
        store.tokenInsert(record, hash(token));
        return new Issued(record, token);
    }

    /** The caller a bearer token stands for; empty for unknown or revoked tokens. */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) return Optional.empty();
        String h = hash(token);
        if (envAdminHash != null && MessageDigest.isEqual(h.getBytes(StandardCharsets.US_ASCII),
                envAdminHash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(envAdmin());
        }
        java.time.Instant now = clock.instant();
        Cached cached = recent.get(h);
        if (cached != null && now.isBefore(cached.until())) return cached.caller();
        Optional<Caller> caller = store.tokenByHash(h).filter(ApiToken::active).map(Tokens::caller);
        if (recent.size() >= CACHE_MAX) recent.clear();
        recent.put(h, new Cached(caller, now.plus(CACHE_FOR)));
        return caller;
    }

    /**
     * The caller the token with this id stands for while it is active; empty once it is revoked or unknown. A dashboard
     * session names its token by id (never by secret) and is checked here on every request, through the same short
     * cache as bearer tokens: a revocation ends the token's sessions on this node at once, on others within
     * {@link #CACHE_FOR}. The operator's admin token from the environment is {@link #ENV_ADMIN_ID} while this node has one.
     */
    public Optional<Caller> callerById(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) return Optional.empty();
        if (ENV_ADMIN_ID.equals(id)) return envAdminHash == null ? Optional.empty() : Optional.of(envAdmin());
        java.time.Instant now = clock.instant();
        String key = "id:" + id; // never a hash: those are 64 hex digits
        Cached cached = recent.get(key);
        if (cached != null && now.isBefore(cached.until())) return cached.caller();
        Optional<Caller> caller = store.tokenById(id).filter(ApiToken::active).map(Tokens::caller);
        if (recent.size() >= CACHE_MAX) recent.clear();
        recent.put(key, new Cached(caller, now.plus(CACHE_FOR)));
        return caller;
    }

    /**
     * On a store with no admin token and none from the environment, creates one and returns its secret (to print
     * once); otherwise empty.
     */
    public Optional<String> ensureAdmin() {
        if (envAdminHash != null || store.tokenCountActiveAdmins() > 0) return Optional.empty();
        return Optional.of(create("admin (created on first start)", null, Set.of(Scope.ADMIN)).secret());
    }

    public List<ApiToken> list() {
        return store.tokenList();
    }

    /** Revokes a token. This node forgets it at once; other nodes within {@link #CACHE_FOR}. */
    public boolean revoke(String id) {
        boolean revoked = store.tokenRevoke(id, clock.instant());
        recent.clear();
        return revoked;
    }

    /** Parses "submit,read" into scopes, naming a bad one. */
    public static Set<Scope> parseScopes(String csv) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (String s : csv.split(",")) if (!s.isBlank()) scopes.add(Scope.parse(s));
        return scopes;
    }

    private static Caller caller(ApiToken t) {
        return new Caller(t.id(), t.tenant(), t.scopes().stream().map(Scope::parse).collect(Collectors.toSet()));
    }

    private static Caller envAdmin() {
        return new Caller(ENV_ADMIN_ID, null, Set.of(Scope.ADMIN));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
