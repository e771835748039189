package io.jobvault.crash;

import io.jobvault.JobFilter;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link CrashRecoveryTest} kills. {@code submit DB LEDGER ACCEPTED N}: submits N jobs one by one from
 * several threads, appending each id to ACCEPTED once submit() returned, while running them. {@code resume DB LEDGER}:
 * runs until no job is left unfinished, then exits 0. Every handler run appends "id attempt" to LEDGER first.
 */
public final class CrashChild {
    static final String NODE = "crash-node";

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        try (FileChannel ledger = append(Path.of(args[2]));
             Jobvault jv = Jobvault.builder().database("jdbc:sqlite:" + db).nodeId(NODE).queue("default", 16)
                     .handler("crash.work", ctx -> {
                         write(ledger, ctx.jobId() + " " + ctx.fencingToken() + "\n"); // the run, as the store numbers it
                         LockSupport.parkNanos(Duration.ofMillis(ThreadLocalRandom.current().nextInt(2, 6)).toNanos()); // the "work"
                         return JobOutcome.success();
                     }).build()) {
            if (args[0].equals("submit")) submit(jv, Path.of(args[3]), Integer.parseInt(args[4]));
            while (unfinished(jv)) LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        System.exit(0);
    }

    private static void submit(Jobvault jv, Path acceptedFile, int n) throws Exception {
        AtomicInteger left = new AtomicInteger(n);
        try (FileChannel accepted = append(acceptedFile)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (left.getAndDecrement() > 0) {
                        String id = jv.submit(JobRequest.of("crash.work", "{}")).id().toString();
                        write(accepted, id + "\n");
                    }
                }));
            }
            for (Thread t : threads) t.join();
        }
        System.out.println("SUBMITTED " + n);
    }

    private static boolean unfinished(Jobvault jv) {
        for (JobState s : List.of(JobState.AVAILABLE, JobState.RUNNING, JobState.RETRYING, JobState.SCHEDULED)) {
            if (!jv.list(JobFilter.ALL.withState(s), null, 1).items().isEmpty()) return true;
        }
        return false;
    }

    private static FileChannel append(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** One write call per line: O_APPEND keeps concurrent lines whole. */
    private static void write(FileChannel ch, String line) {
        try {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
