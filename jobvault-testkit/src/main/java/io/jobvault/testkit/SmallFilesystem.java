package io.jobvault.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real filesystem of a few MiB (tmpfs) mounted on a directory, to fill a disk in a test and grow it again. Mounting
 * needs root (or CAP_SYS_ADMIN): where it is not allowed, the test is skipped with the reason. Close it to unmount.
 */
public final class SmallFilesystem implements AutoCloseable {
    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} ({@code 8m}) on {@code dir} (created if needed); skips the test where it cannot. */
    public static SmallFilesystem mount(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        String error = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        assumeTrue(error == null, () -> "cannot mount a small filesystem for this test (needs root or CAP_SYS_ADMIN): " + error);
        return new SmallFilesystem(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Resizes it in place (files stay): {@code 64m}. */
    public void resize(String size) {
        String error = run("mount", "-o", "remount,size=" + size, dir.toString());
        if (error != null) throw new IllegalStateException("cannot resize the filesystem on " + dir + ": " + error);
    }

    /** Unmounts it, lazily: a file the closing node still holds open does not keep the mount. */
    @Override
    public void close() {
        String error = run("umount", "-l", dir.toString());
        if (error != null) throw new IllegalStateException("cannot unmount " + dir + ": " + error);
    }

    /** Runs a command; null when it succeeded, else why not. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish in 30 s";
            }
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + out;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
