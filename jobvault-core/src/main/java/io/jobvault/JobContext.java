package io.jobvault;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** What a handler knows about the run it is doing, and how it reports back while running. */
public interface JobContext {
    UUID jobId();

    String type();

    String queue();

    String tenant();

    /** The payload as the JSON text it was submitted with. */
    String payload();

    /**
     * The payload mapped onto {@code type} with the engine's mapper (see {@link JobvaultBuilder#objectMapper}).
     *
     * @throws JobJsonException when it does not map, naming where
     */
    <T> T payload(Class<T> type);

    Map<String, String> labels();

    /**
     * Which attempt this run is: 1 on the first run, then one more for each run that used an attempt. A snooze or a
     * shutdown's hand-back gives its attempt back (the next run has the same number); a run taken back from a dead
     * node used one. A failure when {@code attempt() == maxAttempts()} is the last.
     */
    int attempt();

    /** The attempts this job may use (its max attempts as submitted, or as an operator's retry granted them again). */
    int maxAttempts();

    /**
     * Changes with every claim of this job, snoozed runs included, and never goes down. Writes to outside systems can carry it so that a stale run (whose lease
     * expired and whose job was rescued) can be told apart from the current one.
     */
    long fencingToken();

    /**
     * Records progress. Cheap to call often: the latest value is persisted at most once per progress interval
     * (default one second), so a chatty handler cannot flood the store.
     */
    void progress(int percent, String message);

    /** True once the job was cancelled, timed out, or its lease was lost: stop and return. */
    boolean isCancelled();

    /** Throws {@link java.util.concurrent.CancellationException} when {@link #isCancelled()}. */
    void throwIfCancelled();

    /**
     * Stores a named file with the job (e.g. {@code report.pdf}), streamed: written to a temp file, fsynced, renamed,
     * its size and SHA-256 recorded. Writing the same name again replaces it. Names are plain file names (no
     * {@code /}, {@code \\}, {@code ..} or control characters, up to 200 characters).
     *
     * @throws LeaseLostException when this run no longer holds the job (nothing is kept)
     * @throws IllegalArgumentException for a bad name or content type
     * @throws IOException when reading {@code content} fails, or it is larger than the engine's limit
     */
    Artifact writeArtifact(String name, String contentType, InputStream content) throws IOException;

    /** {@link #writeArtifact(String, String, InputStream)} for content already in memory. */
    default Artifact writeArtifact(String name, String contentType, byte[] content) throws IOException {
        return writeArtifact(name, contentType, new java.io.ByteArrayInputStream(content));
    }

    /** The engine's clock; use it instead of the system clock so tests can control time. */
    Clock clock();
}
