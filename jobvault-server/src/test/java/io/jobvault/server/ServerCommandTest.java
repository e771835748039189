package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerCommandTest {
    @Test
    void rateLimitsAreReadAsTypeJobsPerPeriod() {
        assertThat(ServerCommand.rateLimits(java.util.List.of("ai.call=60/1m", " mail.send = 10 / 1s")))
                .containsEntry("ai.call", io.jobvault.RateLimit.of(60, java.time.Duration.ofMinutes(1)))
                .containsEntry("mail.send", io.jobvault.RateLimit.of(10, java.time.Duration.ofSeconds(1)));
        for (String bad : java.util.List.of("ai.call", "ai.call=0/1m", "ai.call=5/soon", "bad type=1/1s")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerCommand.rateLimits(java.util.List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TYPE=JOBS/PERIOD");
        }
    }

    @org.junit.jupiter.api.Test
    void theDatabaseDefaultsToTheDataDirectory() {
        assertThat(ServerCommand.databaseUrl(null, Path.of("/srv/jv"))).isEqualTo("jdbc:sqlite:/srv/jv/jobvault.db");
        assertThat(ServerCommand.databaseUrl("jdbc:postgresql://x/y", Path.of("/srv/jv"))).isEqualTo("jdbc:postgresql://x/y");
        assertThat(ServerCommand.databaseUrl(null, Path.of("jv"))).as("resolved once, at start")
                .isEqualTo("jdbc:sqlite:" + Path.of("jv").toAbsolutePath().resolve("jobvault.db"));
    }

    @Test
    void theDashboardSwitchIsOnOrOff() {
        assertThat(ServerCommand.onOff("--dashboard", "on")).isTrue();
        assertThat(ServerCommand.onOff("--dashboard", " OFF ")).isFalse();
        assertThat(ServerCommand.onOff("--dashboard", "false")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerCommand.onOff("--dashboard", "maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dashboard must be on or off");
    }

    @Test
    void aWildcardCorsOriginIsRefusedAtStart(@org.junit.jupiter.api.io.TempDir Path dir) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new picocli.CommandLine(new ServerCommand()).execute("--port", "0", "--data", dir.toString(),
                    "--cors-origin", "https://app.example.com", "--cors-origin", "*");
        } finally {
            System.setErr(before);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--cors-origin *").contains("wildcards are not allowed");
        assertThat(dir).isEmptyDirectory(); // refused before anything was opened
    }

    @Test
    void aPruneIntervalThatIsNotAShortPositiveDurationIsRefusedAtStart(@org.junit.jupiter.api.io.TempDir Path dir) {
        for (String bad : java.util.List.of("soon", "0s", "2d")) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream before = System.err;
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            int exit;
            try {
                exit = new picocli.CommandLine(new ServerCommand()).execute("--port", "0", "--data", dir.toString(),
                        "--prune-interval", bad);
            } finally {
                System.setErr(before);
            }
            assertThat(exit).as(bad).isEqualTo(2);
            assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--prune-interval").contains("10ms..1d");
        }
        assertThat(dir).isEmptyDirectory();
    }
}
