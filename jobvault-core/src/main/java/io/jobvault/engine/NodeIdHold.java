package io.jobvault.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether this process still holds its node id. A node that lost it (its database session ended and another process
 * took the id, or the store cannot be reached to take it again) claims nothing — two processes claiming under one id
 * would rescue each other's jobs — and says so in {@code /v1/health} and the {@code node.id-lost} alert until it holds
 * the id again.
 */
public final class NodeIdHold {
    /** Since when (engine clock) the id is not held, and why. */
    public record Lost(Instant since, String cause) {}

    private volatile Lost lost;

    /** Empty while this process holds its node id. */
    public Optional<Lost> lost() {
        return Optional.ofNullable(lost);
    }

    boolean isHeld() {
        return lost == null;
    }

    /** Records the loss (keeping when it began); true when it is new. */
    boolean lose(Instant now, String cause) {
        Lost was = lost;
        lost = new Lost(was == null ? now : was.since(), cause);
        return was == null;
    }

    /** Records that the id is held; true when it had been lost. */
    boolean regain() {
        boolean was = lost != null;
        lost = null;
        return was;
    }
}
