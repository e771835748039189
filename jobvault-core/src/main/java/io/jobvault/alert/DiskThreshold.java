package io.jobvault.alert;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Free space below which a node raises {@code disk.low} for its data or artifact directory: a share of the filesystem,
 * a size, or both — then whichever is smaller, so a large disk is not alerted with hundreds of GiB free.
 *
 * @param percent share of the filesystem's size, in (0, 100); 0 when only {@code bytes} counts
 * @param bytes   free bytes; 0 when only {@code percent} counts
 */
public record DiskThreshold(double percent, long bytes) {
    private static final long GIB = 1L << 30;
    /** 10% of the filesystem or 1 GiB, whichever is smaller. */
    public static final DiskThreshold DEFAULT = new DiskThreshold(10, GIB);

    public DiskThreshold {
        if (!(percent >= 0 && percent < 100)) throw new IllegalArgumentException("disk threshold: a share must be within [0, 100) %, was " + percent);
        if (bytes < 0) throw new IllegalArgumentException("disk threshold: bytes must be >= 0, was " + bytes);
        if (percent == 0 && bytes == 0) throw new IllegalArgumentException("disk threshold: give a share (10%) or a size (1GiB)");
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(|b|kb|mb|gb|tb|kib|mib|gib|tib)");

    /**
     * Reads {@code 5%}, {@code 2GiB}, {@code 500MB} or a number of bytes; KiB, MiB, GiB and TiB count in 1024s, KB, MB,
     * GB and TB in 1000s.
     */
    public static DiskThreshold parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) return new DiskThreshold(Double.parseDouble(t.substring(0, t.length() - 1).strip()), 0);
            Matcher m = SIZE.matcher(t);
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                long unit = switch (m.group(2)) {
                    case "", "b" -> 1L;
                    case "kb" -> 1000L;
                    case "mb" -> 1000_000L;
                    case "gb" -> 1000_000_000L;
                    case "tb" -> 1000_000_000_000L;
                    case "kib" -> 1L << 10;
                    case "mib" -> 1L << 20;
                    case "gib" -> GIB;
                    default -> 1L << 40;
                };
                if (n * unit >= Long.MAX_VALUE) throw new IllegalArgumentException("too large");
                return new DiskThreshold(0, (long) (n * unit));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a disk threshold: '" + text + "' (" + e.getMessage()
                    + "); give a share such as 10% or a size such as 2GiB, 500MB", e);
        }
        throw new IllegalArgumentException("not a disk threshold: '" + text + "'; give a share such as 10% or a size such as 2GiB, 500MB");
    }

    /** The free bytes below which a filesystem of {@code total} bytes is low. */
    public long bytesFor(long total) {
        long share = percent > 0 ? (long) (total * percent / 100) : Long.MAX_VALUE;
        return Math.min(share, bytes > 0 ? bytes : Long.MAX_VALUE);
    }

    @Override
    public String toString() {
        if (percent > 0 && bytes > 0) return fmt(percent) + "% of the filesystem or " + size(bytes) + ", whichever is smaller";
        return percent > 0 ? fmt(percent) + "% of the filesystem" : size(bytes);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A size for people: 1.5 GiB, 300 MiB, 12 KiB, 5 B. */
    static String size(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 || v >= 100 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v).replace(".0", "")) + " " + units[u];
    }
}
