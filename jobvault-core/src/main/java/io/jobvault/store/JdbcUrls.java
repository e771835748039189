package io.jobvault.store;

/** What every piece that prints or reports a JDBC URL needs. */
public final class JdbcUrls {
    private JdbcUrls() {}

    /** The URL with any password replaced, for printing: secrets never reach a log or a message. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@");
    }
}
