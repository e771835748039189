package io.jobvault.server.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.json.Json;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;

/**
 * Masks the values of named keys in a job's payload or result before a page shows them ({@code --redact KEY}): at
 * any depth, in objects inside arrays too, keys matched case-insensitively; the key stays visible, its value becomes
 * {@value #MASK} whatever it was (a nested object is masked whole).
 */
final class Redaction {
    static final String MASK = "••••••";

    private final Set<String> keys;

    /** @param keys lower-case key names */
    Redaction(Set<String> keys) {
        this.keys = Set.copyOf(keys);
    }

    /** The JSON text pretty-printed with the named keys masked; text that is not JSON comes back as it is. */
    String pretty(String json) {
        if (json == null) return null;
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
        if (tree == null) return json;
        if (!keys.isEmpty()) mask(tree);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            java.util.List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (keys.contains(name.toLowerCase(Locale.ROOT))) object.put(name, MASK);
                else mask(object.get(name));
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::mask);
        }
    }
}
