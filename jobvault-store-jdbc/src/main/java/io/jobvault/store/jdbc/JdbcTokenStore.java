package io.jobvault.store.jdbc;

import io.jobvault.store.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The API tokens part of the JDBC store, by delegation, so {@link JdbcJobStore} stays about jobs. */
interface JdbcTokenStore extends io.jobvault.store.JobStore {
    JdbcTokens tokens();

    @Override
    default void tokenInsert(ApiToken token, String secretHash) {
        tokens().tokenInsert(token, secretHash);
    }

    @Override
    default Optional<ApiToken> tokenByHash(String secretHash) {
        return tokens().tokenByHash(secretHash);
    }

    @Override
    default Optional<ApiToken> tokenById(String id) {
        return tokens().tokenById(id);
    }

    @Override
    default List<ApiToken> tokenList() {
        return tokens().tokenList();
    }

    @Override
    default boolean tokenRevoke(String id, Instant now) {
        return tokens().tokenRevoke(id, now);
    }

    @Override
    default int tokenCountActiveAdmins() {
        return tokens().tokenCountActiveAdmins();
    }
}
