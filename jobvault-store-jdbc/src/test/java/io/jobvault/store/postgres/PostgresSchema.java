package io.jobvault.store.postgres;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh PostgreSQL schema for each test ({@link PostgresTestSchemas}), dropped after it — after the test's own
 * {@code @AfterEach} methods, which close the store first. Register with {@code @RegisterExtension}.
 */
final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {
    private String url;

    @Override
    public void beforeEach(ExtensionContext context) {
        url = PostgresTestSchemas.newSchemaUrl();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        PostgresTestSchemas.drop(url);
    }

    /** The JDBC URL of this test's schema. */
    String url() {
        return url;
    }
}
