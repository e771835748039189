package io.jobvault.store;

import java.time.Instant;

/** A job enqueued by a fire, with the fan-out key it runs for ("" without fan-out). */
public record FireJob(JobInsert job, Instant fireAt, String kind, String key) {}
