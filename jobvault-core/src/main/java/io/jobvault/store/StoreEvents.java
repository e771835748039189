package io.jobvault.store;

import java.util.UUID;

/** What a store can push to a node from other processes (see {@link StoreCapabilities#listenNotify()}). */
public interface StoreEvents {
    /** Jobs became available in {@code queue}: claim now rather than at the next poll. */
    void available(String queue);

    /** Someone asked to cancel job {@code id}: interrupt its handler if it runs here. */
    void cancelRequested(UUID id);
}
