package io.jobvault.store.postgres;

import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One node of {@link ClusterTest}: {@code URL LEDGER-DIR NODE-ID NODE-TIMEOUT-SECONDS}. Runs jobs until stopped; each
 * handler run first appends "id attempt" to its own ledger file. Writes READY when it has started.
 */
public final class ClusterChild {
    public static void main(String[] args) throws Exception {
        String nodeId = args[2];
        Path ledgerDir = Path.of(args[1]);
        try (FileChannel ledger = FileChannel.open(ledgerDir.resolve("ledger-" + nodeId + ".txt"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             Jobvault jv = Jobvault.builder().database(args[0]).nodeId(nodeId).artifactDirectory(Files.createTempDirectory("a"))
                     .nodeTimeout(Duration.ofSeconds(Long.parseLong(args[3]))).queue("default", 16)
                     .handler("cluster.work", ctx -> {
                         write(ledger, ctx.jobId() + " " + ctx.fencingToken() + "\n"); // the run, as the store numbers it
                         LockSupport.parkNanos(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 4)).toNanos()); // the "work"
                         return JobOutcome.success();
                     }).build()) {
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            Files.writeString(ledgerDir.resolve("ready-" + nodeId), "READY");
            stop.await();
        }
    }

    private static void write(FileChannel ch, String line) {
        try {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
