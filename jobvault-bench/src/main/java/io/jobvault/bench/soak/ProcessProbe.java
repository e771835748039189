package io.jobvault.bench.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** What the soak reads about its own process: heap after a GC, resident memory, open files, pool connections. */
final class ProcessProbe {
    private static final double MIB = 1 << 20;

    private ProcessProbe() {}

    /** Runs a full GC (through the memory management bean) and returns the heap in use after it, in MiB. */
    static double heapAfterGcMib() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() / MIB;
    }

    /** Resident set size ({@code VmRSS} of /proc/self/status) in MiB; NaN where there is no /proc. */
    static double rssMib() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024 / MIB).orElse(Double.NaN);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Open file descriptors (files, sockets, pipes) of this process; NaN where there is no /proc. */
    static double openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Connections open in every HikariCP pool of this process (their {@code TotalConnections}), from the pools'
     * management beans; the soak turns those on ({@code registerMbeans}). SQLite's single writer connection is not
     * pooled and not counted.
     */
    static double poolConnections() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            long total = 0;
            for (ObjectName name : server.queryNames(new ObjectName("com.zaxxer.hikari:*"), null)) {
                if (!name.getKeyProperty("type").startsWith("Pool (")) continue;
                total += ((Number) server.getAttribute(name, "TotalConnections")).longValue();
            }
            return total;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Bytes of the files under {@code dir}, in MiB (0 when it does not exist). */
    static double directoryMib(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(ProcessProbe::sizeOrZero).sum() / MIB;
        } catch (IOException | java.io.UncheckedIOException e) {
            return Double.NaN; // a file pruned while walking: this sample is lost, the next one counts
        }
    }

    static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // deleted between listing and reading its size
        }
    }
}
