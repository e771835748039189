package io.jobvault.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.bench.soak.GrowthCheck.Worse;
import org.junit.jupiter.api.Test;

class GrowthCheckTest {
    @Test
    void aFlatSeriesWithNoiseAndOneSpikeHolds() {
        double[] rows = {10_000, 60_000, 118_000, 121_000, 119_500, 120_400, 122_000, 180_000, 119_000, 121_500, 120_200, 118_900};
        assertThat(GrowthCheck.problem("jobs_rows", rows, 2000, Worse.UP)).isEmpty();
    }

    @Test
    void aSeriesThatKeepsGrowingFails() {
        double[] rows = new double[30];
        for (int i = 0; i < rows.length; i++) rows[i] = 120_000 + 20_000.0 * i; // the pruner falling behind
        assertThat(GrowthCheck.problem("jobs_rows", rows, 2000, Worse.UP)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("jobs_rows grew from 200000.0").contains("to 680000.0").contains("+240%"));
    }

    @Test
    void growthJustOverTenPercentFailsAndJustUnderHolds() {
        double[] over = {50, 50, 50, 100, 100, 100, 100, 111, 111, 111};
        double[] under = {50, 50, 50, 100, 100, 100, 100, 109, 109, 109};
        assertThat(GrowthCheck.problem("heap_mib", over, 1, Worse.UP)).isPresent();
        assertThat(GrowthCheck.problem("heap_mib", under, 1, Worse.UP)).isEmpty();
    }

    @Test
    void aChangeBelowTheFloorDoesNotCountHoweverLargeInPercent() {
        double[] connections = {1, 1, 1, 1, 1, 1, 2, 2, 2};
        assertThat(GrowthCheck.problem("connections", connections, 1, Worse.UP)).isEmpty();
        assertThat(GrowthCheck.problem("connections", connections, 0.5, Worse.UP)).isPresent();
    }

    @Test
    void throughputIsJudgedFalling() {
        double[] done = {900, 1000, 1000, 1000, 1000, 1000, 1000, 850, 850, 850};
        assertThat(GrowthCheck.problem("done_per_s", done, 1, Worse.DOWN)).hasValueSatisfying(p -> assertThat(p).contains("fell"));
        assertThat(GrowthCheck.problem("done_per_s", done, 1, Worse.UP)).isEmpty();
    }

    @Test
    void throughputFailsOnlyWhenTheEngineEndsFewerJobsThanAreSubmitted() {
        double[] submitted = {250, 250, 250, 250, 250, 250, 250, 250, 250, 250};
        double[] catchingUpThenSteady = {180, 170, 240, 575, 430, 410, 333, 334, 333, 335}; // backlog worked off by minute 6
        double[] behind = {330, 330, 330, 330, 330, 330, 330, 200, 210, 205};
        assertThat(GrowthCheck.fallsBehind(catchingUpThenSteady, submitted)).isEmpty();
        assertThat(GrowthCheck.fallsBehind(behind, submitted)).hasValueSatisfying(p -> assertThat(p)
                .contains("fell behind: 205.0 jobs/s ended against 250.0 submitted"));
    }

    @Test
    void runsShorterThanSevenIntervalsAreNotJudged() {
        double[] growing = {1, 10, 100, 1000, 10_000, 100_000};
        assertThat(GrowthCheck.problem("jobs_rows", growing, 0, Worse.UP)).isEmpty();
    }
}
