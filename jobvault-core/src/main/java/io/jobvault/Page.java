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

    /** The id a page's {@code nextCursor} names (null for the first page); refuses a cursor no page gave out. */
    static java.util.UUID after(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            return java.util.UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API returned: " + cursor);
        }
    }
}
