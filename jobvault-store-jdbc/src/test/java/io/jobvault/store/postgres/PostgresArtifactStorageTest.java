package io.jobvault.store.postgres;

import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.testkit.conformance.ArtifactStorageConformance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

class PostgresArtifactStorageTest extends ArtifactStorageConformance {
    private String url;
    private PostgresJobStore store;

    @Override
    protected ArtifactStorage openStorage() {
        url = PostgresTestSchemas.newSchemaUrl();
        store = PostgresJobStore.open(url);
        return store.sharedArtifactStorage().orElseThrow();
    }

    @Override
    protected void referenced(ArtifactStorage s, UUID job, String key) throws Exception {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO artifacts (job_id, name, size, content_type, sha256, storage_key, attempt, created_at)"
                        + " VALUES (?, 'kept.txt', 10, 'text/plain', 'x', ?, 1, 0)")) {
            ps.setObject(1, job);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (store != null) store.close();
        PostgresTestSchemas.drop(url);
    }
}
