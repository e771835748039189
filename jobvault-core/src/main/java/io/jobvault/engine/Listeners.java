package io.jobvault.engine;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobState;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans each event out to every registered listener; one that throws is logged and does not stop the others. */
public final class Listeners implements JobListener {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<JobListener> all;

    public Listeners(List<JobListener> all) {
        this.all = List.copyOf(all);
    }

    private void each(Consumer<JobListener> event) {
        for (JobListener l : all) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("job listener {} failed", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void jobSubmitted(String type, String queue) {
        each(l -> l.jobSubmitted(type, queue));
    }

    @Override
    public void jobStarted(Job job) {
        each(l -> l.jobStarted(job));
    }

    @Override
    public void jobRecorded(Job job, JobState newState) {
        each(l -> l.jobRecorded(job, newState));
    }

    @Override
    public void jobResultRejected(UUID id, int attempt) {
        each(l -> l.jobResultRejected(id, attempt));
    }

    @Override
    public void jobRescued(UUID id, String type, String node, java.time.Duration ran, String reason) {
        each(l -> l.jobRescued(id, type, node, ran, reason));
    }
}
