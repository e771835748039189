package io.jobvault.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What every {@link ArtifactStorage} does alike: SHA-256 while writing, and reading up to a limit. */
public final class ArtifactCopy {
    private ArtifactCopy() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fills {@code buf} from {@code in} as far as it goes; returns the bytes read (fewer than the buffer only at the
     * end of the stream). {@code soFar} plus what is read may not pass {@code maxBytes}.
     */
    public static int fill(InputStream in, byte[] buf, long soFar, long maxBytes) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
            if (soFar + n > maxBytes) throw new ArtifactTooLargeException(maxBytes);
        }
        return n;
    }
}
