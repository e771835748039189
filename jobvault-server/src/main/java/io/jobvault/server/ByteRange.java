package io.jobvault.server;

/**
 * One byte range of a {@code Range: bytes=…} header, resolved against the file's size. As RFC 9110 (section 14.2)
 * has it, a header in another unit is ignored (the whole file, 200), and so is one asking for several ranges (which
 * a server may ignore; multipart answers are not served). A malformed or unsatisfiable bytes range is refused with
 * 416 (problem+json).
 */
record ByteRange(long start, long endInclusive) {
    long length() {
        return endInclusive - start + 1;
    }

    /** The range, or null when there is no Range header. */
    static ByteRange parse(String header, long size) {
        if (header == null) return null;
        String h = header.trim();
        if (!h.startsWith("bytes=")) return null; // a unit this server does not know: ignored
        String spec = h.substring(6).trim();
        if (spec.contains(",")) return null; // several ranges: the whole file instead of a multipart answer
        int dash = spec.indexOf('-');
        if (dash < 0) throw unsatisfiable(size, "a range looks like bytes=0-99, bytes=100- or bytes=-100");
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) throw unsatisfiable(size, "the range selects no bytes");
                return new ByteRange(Math.max(0, size - n), size - 1);
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (start < 0 || start >= size || end < start) throw unsatisfiable(size, "the range is outside the file");
            return new ByteRange(start, end);
        } catch (NumberFormatException e) {
            throw unsatisfiable(size, "range bounds must be non-negative integers");
        }
    }

    private static ProblemException unsatisfiable(long size, String why) {
        return new ProblemException(Problem.of(416, "range-not-satisfiable", "Range not satisfiable", why
                + " (the file has " + size + " bytes)", "send no Range header for the whole file, or one range such as bytes=0-1023"));
    }
}
