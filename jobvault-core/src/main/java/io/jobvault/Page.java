package io.jobvault;

import java.util.List;

/**
 * One page of a keyset-paginated listing, newest first. Pass {@code nextCursor} to get the next page; it is null on
 * the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
