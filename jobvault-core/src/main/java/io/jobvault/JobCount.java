package io.jobvault;

/**
 * How many jobs of one queue and type are in one state now, read from counters the store keeps in the same
 * transaction as every change of a job: exact, and as cheap at ten million jobs as at ten.
 */
public record JobCount(String queue, String type, JobState state, long count) {}
