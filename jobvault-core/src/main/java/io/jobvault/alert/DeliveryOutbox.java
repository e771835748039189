package io.jobvault.alert;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.SubmitResult;
import io.jobvault.engine.Every;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.json.Json;
import io.jobvault.retry.Backoff;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobStore;
import io.jobvault.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert deliveries the store could not take (unreachable, or unable to write), so that an operator hears about a store
 * outage while it lasts. They wait in memory — at most {@link #CAPACITY}; past that the oldest is dropped, logged and
 * counted — and each is sent straight to its receiver by its sink ({@link JobBackedSink#send}), retried with backoff.
 * Once the store answers again every delivery goes back to it under its delivery key: one that was sent is recorded as
 * a SUCCEEDED job (so no node sends it again, and a second record of it changes nothing), one not sent yet is enqueued
 * as an ordinary delivery job, retried durably from there.
 * <p>Runs on its own thread on every node: without the store there is no leader, so the node that could not reach the
 * store is the one that sends. A restart empties it (what it held is then in the log only).
 */
final class DeliveryOutbox implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(DeliveryOutbox.class);
    /** Deliveries held at most; a few KB each, so memory stays bounded however long the outage. */
    static final int CAPACITY = 500;
    /** Between direct tries of one delivery: 1 s, doubling, at most a minute. */
    static final Backoff BACKOFF = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1));
    /** How often the store is asked again while deliveries wait for it. */
    static final Duration STORE_RETRY = Duration.ofSeconds(2);

    /** One delivery; its tries, next try and send time change on the outbox's own thread only. */
    private static final class Delivery {
        final JobBackedSink sink;
        final JobRequest request;
        int tries;
        Instant nextTry;
        Instant sentAt;

        Delivery(JobBackedSink sink, JobRequest request, Instant now) {
            this.sink = sink;
            this.request = request;
            this.nextTry = now;
        }
    }

    private final JobStore store;
    private final String node;
    private final Consumer<JobRequest> submit;
    private final BiFunction<JobRequest, Instant, JobInsert> toInsert;
    private final Clock clock;
    private final Deque<Delivery> waiting = new ArrayDeque<>();
    private final Every storeEvery = new Every(STORE_RETRY);
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param submit   the node's submit
     * @param toInsert the row of a delivery job as submitted at a given time
     */
    DeliveryOutbox(JobStore store, String node, Consumer<JobRequest> submit, BiFunction<JobRequest, Instant, JobInsert> toInsert,
                   Clock clock) {
        this.store = store;
        this.node = node;
        this.submit = submit;
        this.toInsert = toInsert;
        this.clock = clock;
    }

    /** What a job-backed sink is bound to: the delivery is enqueued as a job, or kept here when the store cannot take it. */
    void submit(JobBackedSink sink, JobRequest delivery) {
        try {
            submit.accept(delivery);
        } catch (StoreException.DataRejected e) {
            throw e; // the store refused the delivery itself, not for want of reach: it would refuse it later too
        } catch (StoreException e) {
            log.warn("alert delivery {} cannot be enqueued ({}); the node sends it directly", delivery.idempotencyKey(), e.getMessage());
            hold(new Delivery(sink, delivery, clock.instant()));
        }
    }

    private synchronized void hold(Delivery d) {
        for (Delivery w : waiting) {
            if (w.request.idempotencyKey().equals(d.request.idempotencyKey())) return; // the same delivery, tried again
        }
        if (waiting.size() >= CAPACITY) {
            Delivery oldest = waiting.removeFirst();
            log.error("alert delivery {} dropped: {} deliveries wait for the store already ({} dropped since start)",
                    oldest.request.idempotencyKey(), CAPACITY, dropped.incrementAndGet());
        }
        waiting.addLast(d);
    }

    private synchronized List<Delivery> snapshot() {
        return new ArrayList<>(waiting);
    }

    private synchronized void forget(Delivery d) {
        waiting.remove(d);
    }

    /** Deliveries waiting (to be sent, or to be recorded). */
    synchronized int size() {
        return waiting.size();
    }

    /** Deliveries dropped because the outbox was full, since start. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void tick(Instant now) {
        List<Delivery> all = snapshot();
        if (all.isEmpty()) return;
        // first what is due goes out, then the store is asked: a store that hangs must not hold an alert back
        for (Delivery d : all) {
            if (d.sentAt == null && !d.nextTry.isAfter(now)) send(d, now);
        }
        if (!storeEvery.due(now)) return;
        for (Delivery d : all) {
            if (!waiting(d)) continue;
            try {
                if (d.sentAt == null) submit.accept(d.request);
                else record(d, now);
            } catch (StoreException.DataRejected e) { // this one can never be stored: it must not hold up the others
                log.error("alert delivery {} refused by the store, kept out of it ({}): {}", d.request.idempotencyKey(),
                        d.sentAt == null ? "not sent" : "sent at " + d.sentAt, e.getMessage());
            } catch (StoreException e) {
                return; // still away: everything stays for the next try
            }
            forget(d);
        }
    }

    private synchronized boolean waiting(Delivery d) {
        return waiting.contains(d);
    }

    private void send(Delivery d, Instant now) {
        String key = d.request.idempotencyKey();
        JobOutcome outcome;
        try {
            outcome = d.sink.send(d.request.payload());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            outcome = JobOutcome.retry(e.toString());
        }
        d.tries++;
        switch (outcome) {
            case JobOutcome.Success s -> {
                d.sentAt = now;
                log.info("alert delivery {} sent directly (try {}); it is recorded once the store answers", key, d.tries);
            }
            case JobOutcome.Discard x -> giveUp(d, x.reason());
            case JobOutcome.Cancel x -> giveUp(d, x.reason());
            case JobOutcome.Retry r -> later(d, now, r.error());
            case JobOutcome.Snooze z -> later(d, now, "snoozed");
        }
    }

    private void later(Delivery d, Instant now, String why) {
        d.nextTry = now.plus(BACKOFF.delay(d.tries, () -> ThreadLocalRandom.current().nextDouble()));
        log.warn("alert delivery {} could not be sent directly (try {}): {}; next try at {}", d.request.idempotencyKey(),
                d.tries, why, d.nextTry);
    }

    private void giveUp(Delivery d, String why) {
        forget(d);
        log.error("alert delivery {} given up: {}", d.request.idempotencyKey(), why);
    }

    /**
     * Stores a delivery that went out as a SUCCEEDED job of its key. If a job of that key exists already, the submit
     * that failed had committed after all (its answer was lost): that job is cancelled while it still waits, so the
     * receiver gets the delivery once.
     */
    private void record(Delivery d, Instant now) {
        String result = Json.MAPPER.createObjectNode().put("sentDirectly", true).put("tries", d.tries)
                .put("recordedAt", now.toString()).toString();
        SubmitResult r = store.jobInsertSucceeded(toInsert.apply(d.request, d.sentAt), node, result);
        if (r.created()) {
            log.info("alert delivery {} sent directly at {} is recorded as job {}", d.request.idempotencyKey(), d.sentAt, r.id());
            return;
        }
        boolean waits = store.jobCancelIfWaiting(r.id(), now); // one statement: a claim cannot come in between
        log.warn("alert delivery {} sent directly was enqueued too, as job {} (its submit committed without answering); {}",
                d.request.idempotencyKey(), r.id(), waits ? "that job is cancelled" : "the receiver may get it twice");
    }
}
