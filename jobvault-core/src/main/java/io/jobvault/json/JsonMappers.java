package io.jobvault.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jobvault.JobJsonException;
import io.jobvault.JobOutcome;

/**
 * The default mapper of typed payloads and results, and reading and writing with any mapper so that a failure
 * names what failed and where, never the JSON itself (a payload may hold secrets).
 */
public final class JsonMappers {
    private JsonMappers() {}

    /**
     * A new mapper that handles records, {@code java.time} types (as ISO-8601 text) and {@code Optional}, and ignores
     * properties its class does not know: during a rolling deploy a newer submitter may add a field that older
     * workers do not have yet.
     */
    public static ObjectMapper defaults() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @param what what the JSON is, for the message: e.g. {@code "payload of job type report.pdf"}
     * @throws JobJsonException when it does not map
     */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JobJsonException(what + " does not map onto " + type.getName() + ": " + describe(e), e);
        }
    }

    /** Writes {@code value} as JSON; throws {@link JobJsonException} naming {@code what} when it cannot. */
    public static String write(ObjectMapper mapper, Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JobJsonException(what + " (a " + value.getClass().getName() + ") cannot be written as JSON: "
                    + describe(e), e);
        }
    }

    /**
     * {@code outcome}, with a success's result object written as JSON by {@code mapper}; a result that cannot be
     * written makes it a discard naming why (running the job again would fail the same way). Embedded and remote runs
     * both pass their handler's outcome through here.
     */
    public static JobOutcome withResultWritten(ObjectMapper mapper, JobOutcome outcome, String type) {
        if (!(outcome instanceof JobOutcome.Success s) || s.result() == null) return outcome;
        try {
            return JobOutcome.success(write(mapper, s.result(), "the result of job type " + type));
        } catch (JobJsonException e) {
            return JobOutcome.discard(e.getMessage());
        }
    }

    /** What went wrong and at which JSON path, without quoting input (Jackson's messages may quote values). */
    private static String describe(JsonProcessingException e) {
        String at = e instanceof JsonMappingException m ? " at " + path(m) : "";
        return switch (e) {
            case ValueInstantiationException v -> "its constructor failed"
                    + (v.getCause() == null ? "" : " (" + v.getCause().getMessage() + ")") + at;
            case MismatchedInputException m when m.getTargetType() != null ->
                    "expected " + m.getTargetType().getSimpleName() + at;
            case JsonMappingException m -> firstLine(m.getOriginalMessage()) + at;
            default -> "not valid JSON";
        };
    }

    private static String path(JsonMappingException e) {
        StringBuilder p = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) p.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) p.append('[').append(r.getIndex()).append(']');
        }
        return p.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int cut = s.indexOf('\n');
        return cut < 0 ? s : s.substring(0, cut);
    }
}
