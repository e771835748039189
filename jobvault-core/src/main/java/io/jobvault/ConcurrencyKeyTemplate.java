package io.jobvault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A concurrency key made from payload fields: {@code "customer:{customerId}"} or {@code "{account.region}"}. Each
 * {@code {path}} is a dotted path to a scalar in the payload's JSON; text outside braces is kept as is.
 */
record ConcurrencyKeyTemplate(String template, int limit) {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_$]+(?:\\.[A-Za-z0-9_$]+)*)}");

    ConcurrencyKeyTemplate {
        if (template == null || template.isEmpty()) throw new IllegalArgumentException("concurrency key template must not be empty");
        if (template.replaceAll(FIELD.pattern(), "").matches(".*[{}].*")) {
            throw new IllegalArgumentException("concurrency key template " + template
                    + ": braces must enclose a dotted field path such as {customerId} or {account.region}");
        }
        if (limit < 1 || limit > JobRequest.MAX_CONCURRENCY_LIMIT) {
            throw new IllegalArgumentException("concurrency limit must be within 1.." + JobRequest.MAX_CONCURRENCY_LIMIT + ": " + limit);
        }
    }

    /**
     * The key of one payload; names the missing field when the payload has none to fill a placeholder.
     *
     * @param keep a placeholder left as it is when the payload lacks it (a schedule's {@code {key}}), or null
     */
    String keyOf(JsonNode payload, String typeName, String keep) {
        Matcher m = FIELD.matcher(template);
        StringBuilder key = new StringBuilder();
        while (m.find()) {
            JsonNode value = payload;
            for (String part : m.group(1).split("\\.")) value = value == null ? null : value.get(part);
            if ((value == null || value.isNull()) && m.group(1).equals(keep)) {
                m.appendReplacement(key, Matcher.quoteReplacement(m.group()));
                continue;
            }
            if (value == null || value.isNull() || value.isContainerNode()) {
                throw new IllegalArgumentException("concurrency key " + template + " of job type " + typeName
                        + ": the payload has no text or number at " + m.group(1));
            }
            m.appendReplacement(key, Matcher.quoteReplacement(value.asText()));
        }
        m.appendTail(key);
        return key.toString();
    }
}
