package io.jobvault.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    @Test
    void printedUrlsNeverShowPasswords() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/jobs?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/jobs?user=app&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://app:s3cret@db/jobs")).isEqualTo("jdbc:postgresql://app:***@db/jobs");
        assertThat(JdbcUrls.redact("jdbc:sqlite:/data/jobvault.db")).isEqualTo("jdbc:sqlite:/data/jobvault.db");
    }
}
