package io.jobvault.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobvault.JobvaultException;
import java.util.Map;

/** The one Jackson mapper Jobvault uses, and the few things done with it. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private Json() {}

    public static boolean isValid(String json) {
        try (var parser = MAPPER.createParser(json)) {
            if (parser.nextToken() == null) return false;
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JobvaultException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JobvaultException("cannot read JSON as " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String writeLabels(Map<String, String> labels) {
        return labels == null || labels.isEmpty() ? null : write(labels);
    }

    public static Map<String, String> readLabels(String json) {
        if (json == null || json.isEmpty()) return Map.of();
        try {
            return Map.copyOf(MAPPER.readValue(json, STRING_MAP));
        } catch (JsonProcessingException e) {
            throw new JobvaultException("stored labels are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
