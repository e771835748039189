package io.jobvault;

import java.util.List;

/** A job together with its artifacts, read in one go. */
public record JobDetails(Job job, List<Artifact> artifacts) {
    public JobDetails {
        artifacts = List.copyOf(artifacts);
    }
}
