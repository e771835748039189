package io.jobvault.bench;

import io.jobvault.ArtifactContent;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One large artifact written by a job and read back whole: throughput each way and the JVM's peak heap, to show memory
 * stays bounded whatever the size (run it with a small {@code -Xmx}).
 */
final class ArtifactBench {
    private ArtifactBench() {}

    static void run(JobvaultBuilder builder, long bytes, PrintStream out) throws Exception {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        CountDownLatch recorded = new CountDownLatch(1);
        AtomicReference<JobState> end = new AtomicReference<>();
        JobListener listener = new JobListener() {
            @Override
            public void jobRecorded(io.jobvault.Job job, JobState state) {
                if (state.isTerminal() || state == JobState.RETRYING) {
                    end.set(state);
                    recorded.countDown();
                }
            }
        };
        try (Jobvault jv = builder.queue("default", 1).maxArtifactSize(bytes).listener(listener)
                .handler("bench.artifact", ctx -> {
                    ctx.writeArtifact("big.bin", "application/octet-stream", new Generated(bytes));
                    return JobOutcome.success();
                }).build()) {
            long t0 = System.nanoTime();
            UUID id = jv.submit(JobRequest.builder("bench.artifact").timeout(Duration.ofHours(1)).build()).id();
            if (!recorded.await(1, TimeUnit.HOURS)) throw new IllegalStateException("the artifact job did not end in an hour");
            if (end.get() != JobState.SUCCEEDED) {
                throw new IllegalStateException("the artifact job ended " + end.get() + ": " + jv.get(id).lastError());
            }
            double write = (System.nanoTime() - t0) / 1e9;
            ArtifactContent content = jv.artifact(id, "big.bin").orElseThrow();
            t0 = System.nanoTime();
            long read = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = content.open()) {
                int n;
                while ((n = in.read(buf)) > 0) read += n;
            }
            double readSeconds = (System.nanoTime() - t0) / 1e9;
            if (read != bytes) throw new IllegalStateException("read " + read + " bytes of " + bytes);
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) peakHeap += pool.getPeakUsage().getUsed();
            }
            double mib = bytes / (1024.0 * 1024);
            out.printf("%-34s %,10.0f MiB/s  (one %,.0f MiB artifact, %s)%n", "artifact write:", mib / write, mib,
                    content.storage().describe());
            out.printf("%-34s %,10.0f MiB/s%n", "artifact read:", mib / readSeconds);
            out.printf("%-34s %,10.0f MiB     (max heap %,.0f MiB)%n", "peak heap used:", peakHeap / (1024.0 * 1024),
                    Runtime.getRuntime().maxMemory() / (1024.0 * 1024));
        }
    }

    /** {@code size} bytes of a repeating pattern, generated as read: the source holds nothing in memory. */
    private static final class Generated extends InputStream {
        private long left;

        Generated(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? (int) (left & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) b[off + i] = (byte) ((left - i) * 31);
            left -= n;
            return n;
        }
    }
}
