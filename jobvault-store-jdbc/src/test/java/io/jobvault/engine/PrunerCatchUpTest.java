package io.jobvault.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobExpiredException;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.Jobvault;
import io.jobvault.Retention;
import io.jobvault.SubmitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pruner does not stop at a fixed number of batches per interval: a pass that is not caught up comes back on the
 * next tick, so however many jobs expired at once, they all go without the clock moving on.
 */
class PrunerCatchUpTest extends EngineTestBase {

    @Test
    void farMoreExpiredJobsThanAHundredBatchesAreAllPrunedWithoutWaitingForTheNextInterval() throws Exception {
        Jobvault jv = h.start(h.builder("n1").queue("default", 16).pruneBatchSize(5)
                .retention(Retention.all(Duration.ofMinutes(1)))
                .handler("ok", ctx -> JobOutcome.success())
                .handler("file", ctx -> {
                    ctx.writeArtifact("out.txt", "text/plain", "x".getBytes());
                    return JobOutcome.success();
                }));
        List<JobRequest> requests = new ArrayList<>(Collections.nCopies(590, JobRequest.of("ok", "{}")));
        requests.addAll(Collections.nCopies(10, JobRequest.of("file", "{}")));
        List<UUID> ids = jv.submitAll(requests).stream().map(SubmitResult::id).toList();
        await().atMost(EngineHarness.WAIT).until(() -> rows("WHERE state = 'succeeded'") == 600);
        UUID withFile = ids.getLast();
        assertThat(artifactFiles()).isEqualTo(10);

        // 120 batches of 5 are due at once; a pruner capped at 100 batches per interval would leave 100 until the next
        // interval, which this clock never reaches
        h.clock.advance(Duration.ofMinutes(2));
        await().atMost(EngineHarness.WAIT).until(() -> rows("") == 0);
        assertThatThrownBy(() -> jv.get(withFile)).isInstanceOf(JobExpiredException.class);
        await().atMost(EngineHarness.WAIT).until(() -> artifactFiles() == 0);
    }

    private long rows(String where) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + h.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM jobs " + where)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private long artifactFiles() throws IOException {
        try (Stream<Path> files = Files.walk(h.db.resolveSibling("artifacts"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
