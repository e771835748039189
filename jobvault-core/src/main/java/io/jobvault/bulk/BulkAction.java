package io.jobvault.bulk;

import java.util.Locale;

/** What a bulk operation does to each job its filter matches; jobs it does not apply to are matched but left alone. */
public enum BulkAction {
    /** DEAD and CANCELLED jobs run again with a fresh attempt budget. */
    RETRY,
    /** Waiting jobs end CANCELLED; running ones have their handler interrupted. */
    CANCEL,
    /** Jobs are deleted with their history, whatever their state. */
    DELETE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "retry", "cancel", "delete"; throws IllegalArgumentException otherwise. */
    public static BulkAction parse(String s) {
        for (BulkAction a : values()) if (a.wireName().equals(s)) return a;
        throw new IllegalArgumentException("unknown bulk action '" + s + "' (valid: retry, cancel, delete)");
    }
}
