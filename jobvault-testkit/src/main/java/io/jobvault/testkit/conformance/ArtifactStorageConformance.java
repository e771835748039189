package io.jobvault.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.artifact.ArtifactTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every artifact storage (a directory, the database) does alike: content comes back byte for byte from any
 * offset, keys are fresh per write, oversized writes keep nothing, deletes and orphan scans see the same keys.
 * Subclasses open a fresh, empty storage in {@link #openStorage()} and clean up after each test.
 */
public abstract class ArtifactStorageConformance {
    /** A size that spans several of the storage's chunks or buffers. */
    protected static final int LARGE = 5 * 512 * 1024 + 17;

    protected abstract ArtifactStorage openStorage() throws Exception;

    protected static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] read(ArtifactStorage s, String key, long offset) throws IOException {
        try (InputStream in = s.open(key, offset)) {
            return in.readAllBytes();
        }
    }

    @Test
    void contentComesBackWholeAndFromEveryOffset() throws Exception {
        ArtifactStorage s = openStorage();
        byte[] content = random(LARGE);
        UUID job = UUID.randomUUID();
        ArtifactStorage.Written w = s.write(job, 1, "big.bin", new ByteArrayInputStream(content), Long.MAX_VALUE);
        assertThat(w.size()).isEqualTo(content.length);
        assertThat(w.sha256()).isEqualTo(sha256(content));
        assertThat(s.exists(w.key())).isTrue();
        assertThat(read(s, w.key(), 0)).isEqualTo(content);
        int mib = 1024 * 1024;
        for (int offset : new int[] {1, mib - 1, mib, mib + 1, 2 * mib, content.length - 1, content.length}) {
            assertThat(read(s, w.key(), offset)).as("from offset %d", offset)
                    .isEqualTo(Arrays.copyOfRange(content, offset, content.length));
        }
    }

    @Test
    void emptyAndTinyContentRoundTrip() throws Exception {
        ArtifactStorage s = openStorage();
        UUID job = UUID.randomUUID();
        ArtifactStorage.Written empty = s.write(job, 1, "empty.txt", InputStream.nullInputStream(), 10);
        assertThat(empty.size()).isZero();
        assertThat(s.exists(empty.key())).isTrue();
        assertThat(read(s, empty.key(), 0)).isEmpty();
        ArtifactStorage.Written one = s.write(job, 1, "one.txt", new ByteArrayInputStream(new byte[] {7}), 10);
        assertThat(read(s, one.key(), 0)).containsExactly(7);
    }

    @Test
    void oversizedContentIsRefusedAndNothingIsKept() throws Exception {
        ArtifactStorage s = openStorage();
        UUID job = UUID.randomUUID();
        assertThatThrownBy(() -> s.write(job, 1, "big.bin", new ByteArrayInputStream(random(LARGE)), LARGE - 1))
                .isInstanceOf(ArtifactTooLargeException.class);
        assertThat(s.unreferenced(jobs -> Map.of(), 100)).noneMatch(k -> k.startsWith(job + "/") && !k.endsWith(".part"));
    }

    @Test
    void hostileNamesAreRefused() throws Exception {
        ArtifactStorage s = openStorage();
        for (String name : new String[] {"../x", "a/b", "", ".."}) {
            assertThatThrownBy(() -> s.write(UUID.randomUUID(), 1, name, InputStream.nullInputStream(), 10))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deletedContentIsGoneAndOpeningItSaysSo() throws Exception {
        ArtifactStorage s = openStorage();
        UUID job = UUID.randomUUID();
        ArtifactStorage.Written a = s.write(job, 1, "a.txt", new ByteArrayInputStream(random(100)), 1000);
        ArtifactStorage.Written b = s.write(job, 2, "b.txt", new ByteArrayInputStream(random(200)), 1000);
        s.delete(a.key());
        assertThat(s.exists(a.key())).isFalse();
        assertThatThrownBy(() -> s.open(a.key(), 0)).isInstanceOf(NoSuchFileException.class);
        assertThat(s.exists(b.key())).isTrue();
        assertThat(s.existing(List.of(a.key(), b.key()))).containsExactly(b.key()); // a page at once, as the reconciler asks
        s.deleteJob(job);
        assertThat(s.exists(b.key())).isFalse();
        s.delete(a.key()); // deleting twice is fine
    }

    @Test
    void onlyContentNoMetadataNamesIsUnreferenced() throws Exception {
        ArtifactStorage s = openStorage();
        UUID job = UUID.randomUUID();
        ArtifactStorage.Written kept = s.write(job, 1, "kept.txt", new ByteArrayInputStream(random(10)), 100);
        ArtifactStorage.Written orphan = s.write(job, 1, "orphan.txt", new ByteArrayInputStream(random(10)), 100);
        referenced(s, job, kept.key());
        assertThat(s.unreferenced(jobs -> jobs.contains(job) ? Map.of(job, Set.of(kept.key())) : Map.of(), 100))
                .contains(orphan.key()).doesNotContain(kept.key());
    }

    /**
     * Records metadata naming {@code key} where the storage reads references itself (the database); a directory is
     * told through the function passed to {@link ArtifactStorage#unreferenced}.
     */
    protected void referenced(ArtifactStorage s, UUID job, String key) throws Exception {}
}
