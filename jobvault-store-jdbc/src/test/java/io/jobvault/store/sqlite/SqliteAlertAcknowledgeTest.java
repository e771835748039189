package io.jobvault.store.sqlite;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.AlertAcknowledgeConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertAcknowledgeTest extends AlertAcknowledgeConformance {
    @TempDir
    Path dir;

    @Override
    protected JobStore openStore() {
        return SqliteJobStore.open(dir.resolve("jobvault.db"));
    }
}
