package io.jobvault.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link EngineHarness} (its own SQLite file and settable clock) per test, closed after it. */
abstract class EngineTestBase {
    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void openHarness() {
        h = new EngineHarness(dir);
    }

    @AfterEach
    void closeHarness() throws Exception {
        h.close();
    }
}
