package io.jobvault.id;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues job ids: UUIDv7 (48-bit millisecond timestamp, so ids sort by creation time) whose last 32 bits are an
 * HMAC of the rest under the store's secret. A lookup that finds nothing can then tell an id this store issued
 * (so the job existed and was pruned: "expired") from one it never issued ("not found"), without keeping
 * tombstones. The remaining 42 random bits make collisions within one millisecond negligible.
 */
public final class JobIds {
    private final SecretKeySpec key;
    private final Mac mac; // guarded by itself: a Mac is cheap to use but not thread-safe

    public JobIds(String base64Secret) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA256");
        this.mac = newMac();
    }

    /** A fresh random secret, for a store that has none yet. */
    public static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public UUID newId(Instant now) {
        long millis = now.toEpochMilli();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
        long randB = r.nextLong() & 0x3FFF_FFFFL; // 30 random bits
        long lsbHigh = 0x8000_0000_0000_0000L | (randB << 32);
        long mac = mac(msb, lsbHigh);
        return new UUID(msb, lsbHigh | mac);
    }

    /** True when this store issued the id (its tag verifies). */
    public boolean issued(UUID id) {
        if (id.version() != 7 || id.variant() != 2) return false;
        long lsb = id.getLeastSignificantBits();
        long lsbHigh = lsb & 0xFFFF_FFFF_0000_0000L;
        return mac(id.getMostSignificantBits(), lsbHigh) == (lsb & 0xFFFF_FFFFL);
    }

    /** The smallest id that can be issued at {@code t}: ids at or above it were created at {@code t} or later. */
    public static UUID lowerBound(Instant t) {
        return new UUID((t.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0000L);
    }

    /** The creation time a UUIDv7 carries. */
    public static Instant createdAt(UUID id) {
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }

    private long mac(long msb, long lsbHigh) {
        byte[] in = ByteBuffer.allocate(16).putLong(msb).putLong(lsbHigh).array();
        byte[] out;
        synchronized (mac) {
            out = mac.doFinal(in);
        }
        return ByteBuffer.wrap(out, 0, 4).getInt() & 0xFFFF_FFFFL;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
