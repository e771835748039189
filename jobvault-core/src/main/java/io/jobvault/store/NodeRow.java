package io.jobvault.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A node as the registry has it.
 *
 * @param heartbeatAt its latest heartbeat, on the liveness clock (the database's on PostgreSQL)
 * @param version     the Jobvault version it runs, or null (a node from before versions were recorded)
 * @param clockSkew   how far its clock was from the database's at that heartbeat (positive: ahead), or null where the
 *                    nodes share one machine's clock (SQLite) or it was not measured
 */
public record NodeRow(String id, Instant startedAt, Instant heartbeatAt, String version, Duration clockSkew) {}
