package io.jobvault.alert;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every configured sink; one that fails is logged and does not stop the others. */
final class Sinks implements AlertSink {
    private static final Logger log = LoggerFactory.getLogger(Sinks.class);

    private final List<AlertSink> all;

    Sinks(List<AlertSink> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void deliver(Alert alert) {
        for (AlertSink s : all) {
            try {
                s.deliver(alert);
            } catch (RuntimeException e) {
                log.warn("alert sink {} could not take alert {}: {}", s.getClass().getSimpleName(), alert.key(), e.toString());
            }
        }
    }
}
