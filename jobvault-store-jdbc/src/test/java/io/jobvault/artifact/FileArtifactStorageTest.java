package io.jobvault.artifact;

import io.jobvault.testkit.conformance.ArtifactStorageConformance;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStorageTest extends ArtifactStorageConformance {
    @TempDir
    Path dir;

    @Override
    protected ArtifactStorage openStorage() {
        return new FileArtifactStore(dir.resolve("artifacts"));
    }
}
