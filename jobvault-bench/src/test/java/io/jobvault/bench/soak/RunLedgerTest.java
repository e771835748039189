package io.jobvault.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunLedgerTest {
    final RunLedger ledger = new RunLedger();
    final UUID id = UUID.randomUUID();

    @Test
    void retriesAndSnoozesAskForTheNextRun() {
        assertThat(ledger.started(id)).isEqualTo(1);
        ledger.finished(id, true, 0); // retry
        assertThat(ledger.started(id)).isEqualTo(2);
        ledger.finished(id, true, 0); // snooze
        assertThat(ledger.started(id)).isEqualTo(3);
        ledger.finished(id, false, 0); // success
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.ended()).isEqualTo(1);
    }

    @Test
    void aStartAfterTheJobEndedIsADuplicate() {
        ledger.started(id);
        ledger.finished(id, false, 0);
        ledger.started(id);
        assertThat(ledger.duplicates()).isEqualTo(1);
    }

    @Test
    void aStartWhileTheJobIsStillRunningIsADuplicate() {
        ledger.started(id);
        ledger.started(id);
        assertThat(ledger.duplicates()).isEqualTo(1);
    }

    @Test
    void endedJobsAreForgottenAfterTheWindowSoTheLedgerStaysBounded() {
        for (int i = 0; i < 1000; i++) {
            UUID job = UUID.randomUUID();
            ledger.started(job);
            ledger.finished(job, false, i);
        }
        UUID running = UUID.randomUUID();
        ledger.started(running);
        ledger.forgetEndedBefore(500);
        assertThat(ledger.size()).isEqualTo(501); // 500 ended at or after 500, and the running one
        ledger.forgetEndedBefore(Long.MAX_VALUE);
        assertThat(ledger.size()).isEqualTo(1);
    }
}
