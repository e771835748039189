package io.jobvault.server.dashboard;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the dashboard is served.
 *
 * @param enabled       whether the pages exist at all ({@code --dashboard off} removes them: {@code /} answers 404)
 * @param redactKeys    payload and result keys whose values the job page masks, at any depth, matched case-insensitively
 *                      ({@code --redact KEY})
 * @param sessionLength how long a sign-in lasts before the token must be pasted again
 */
public record DashboardSettings(boolean enabled, Set<String> redactKeys, Duration sessionLength) {
    /** On, nothing redacted, 8-hour sessions. */
    public static final DashboardSettings DEFAULT = new DashboardSettings(true, Set.of(), Duration.ofHours(8));

    public DashboardSettings {
        redactKeys = redactKeys.stream().map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (sessionLength.isNegative() || sessionLength.isZero()) throw new IllegalArgumentException("sessionLength must be positive");
    }

    public DashboardSettings withEnabled(boolean on) {
        return new DashboardSettings(on, redactKeys, sessionLength);
    }

    public DashboardSettings withRedactKeys(Set<String> keys) {
        return new DashboardSettings(enabled, keys, sessionLength);
    }
}
