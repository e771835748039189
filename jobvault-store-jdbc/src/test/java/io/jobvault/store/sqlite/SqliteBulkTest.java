package io.jobvault.store.sqlite;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.BulkConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBulkTest extends BulkConformance {
    @TempDir
    Path dir;

    @Override
    protected JobStore openStore() {
        return SqliteJobStore.open(dir.resolve("jobvault.db"));
    }
}
