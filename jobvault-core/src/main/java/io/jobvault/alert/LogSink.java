package io.jobvault.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts in the log (logger {@code io.jobvault.alert}): raised CRITICAL as ERROR, others as WARN; resolved as INFO.
 * Reports as INFO, with their text.
 */
public final class LogSink implements AlertSink {
    private static final Logger log = LoggerFactory.getLogger("io.jobvault.alert");

    @Override
    public void deliver(Alert a) {
        if (!a.open()) {
            log.info("RESOLVED [{}] {} (raised {})", a.severity(), a.title(), a.raisedAt());
        } else if (a.severity() == Severity.CRITICAL) {
            log.error("ALERT [{}] {}: {} Hint: {}", a.severity(), a.title(), a.message(), a.hint());
        } else {
            log.warn("ALERT [{}] {}: {} Hint: {}", a.severity(), a.title(), a.message(), a.hint());
        }
    }

    @Override
    public void deliverReport(Report r) {
        log.info("REPORT {}\n{}", r.title(), r.text());
    }
}
