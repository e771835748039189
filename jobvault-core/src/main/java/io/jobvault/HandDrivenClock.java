package io.jobvault;

/**
 * Marks a {@link java.time.Clock} that a test moves by hand ({@code SettableClock} in jobvault-testkit does). Time in
 * the cluster is then the test's: leases and node liveness follow this clock, as they follow the database's clock
 * otherwise (on PostgreSQL). Any other clock is taken for a machine's wall clock, which may disagree with other
 * machines' by seconds or minutes; see {@code docs/architecture.md}, "One clock for liveness".
 */
public interface HandDrivenClock {}
