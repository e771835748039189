package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the hostile-input sweep sends, by where it goes: overflowing durations and instants, NUL bytes, invalid UTF-8,
 * long strings, deep nesting, traversal, wrong types. Each class appears in every place it can reach.
 */
final class HostileValues {
    private HostileValues() {}

    /** Path segments as they go on the wire: some percent-encoded, some deliberately raw. */
    static final List<String> PATH_SEGMENTS = List.of("%7Babc%7D", "{abc}", "%c0%ae%c0%ae", "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e", "%00", "a%00b", "%ff%fe", "-1", "9223372036854775807", "00000000-0000-0000-0000-000000000000",
            "x".repeat(1_000), "x".repeat(10_000), "%E2%80%AE%20", "a;b=c");

    /** Query values as they go on the wire (already encoded, or deliberately not). */
    static final List<String> QUERY_VALUES = List.of("", "%00", "%ff%fe", "%c0%ae", "9223372036854775807",
            "-9223372036854775808", "-1", "0", "1e309", "PT9223372036854775807S", "P999999999999D", "-PT1S",
            "%2B1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "x".repeat(4_000), "%27%20OR%201%3D1--");

    /** Header values (ISO-8859-1 on the wire), the last one far past any header limit. */
    static final List<String> HEADER_VALUES = List.of("", "\u0000", "\u00ff\u00fe", "9223372036854775807", "-1",
            "bytes=9223372036854775807-", "bytes=5-1", "\"unterminated", "x".repeat(20_000));

    /** Values for one JSON field, as JSON text: wrong types, out-of-range numbers, hostile strings and times. */
    static final List<String> FIELD_VALUES = List.of("null", "true", "-1", "9223372036854775807", "1e309", "1.5",
            "[]", "{}", "\"\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"../../etc/passwd\"", "\"PT9223372036854775807S\"",
            "\"P999999999999D\"", "\"-PT1S\"", "\"+1000000000-12-31T23:59:59Z\"", "\"-1000000000-01-01T00:00:00Z\"",
            "\"" + "x".repeat(10_000) + "\"", "[".repeat(2_000) + "]".repeat(2_000));

    /** Content types a JSON body is sent with, none of them usable. */
    static final List<String> CONTENT_TYPES = List.of("application/json; charset=bogus", "application/json; charset=",
            "application/json; charset=\"", "application/json; charset=utf-16", "text/plain; charset=\u00ff");

    /** Whole bodies in place of a JSON object. */
    static List<byte[]> wholeBodies() {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of("", "{", "[]", "null", "\"text\"", "{\"unexpected\": 1}", "{\"a\": 1, \"a\": 2}",
                "[".repeat(10_000) + "]".repeat(10_000), "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000))) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        out.add(concat("{\"type\": \"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xc0, (byte) 0xae, (byte) 0xff},
                "\"}".getBytes(StandardCharsets.US_ASCII))); // invalid UTF-8
        out.add("{\"type\": \"a\u0000b\"}".getBytes(StandardCharsets.UTF_8)); // a raw NUL inside a string
        out.add(("{\"type\": \"" + "x".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII)); // 1 MiB
        return out;
    }

    /**
     * Every field of {@code schema} (and of its object-valued fields, one level down), as paths such as
     * {@code ["job", "timeout"]}.
     */
    static List<List<String>> fieldPaths(JsonNode schema) {
        List<List<String>> out = new ArrayList<>();
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null) return out;
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            out.add(List.of(p.getKey()));
            JsonNode inner = p.getValue().get("properties");
            if (inner != null) inner.fieldNames().forEachRemaining(q -> out.add(List.of(p.getKey(), q)));
        }
        return out;
    }

    /** {@code base} as JSON text with the field at {@code path} set to {@code rawValue} (JSON text, sent verbatim). */
    static String withField(JsonNode base, List<String> path, String rawValue) {
        ObjectNode object = base instanceof ObjectNode o ? o.deepCopy() : Json.MAPPER.createObjectNode();
        String name = path.getFirst();
        String value = path.size() == 1 ? rawValue : withField(object.get(name), path.subList(1, path.size()), rawValue);
        object.remove(name);
        String rest = object.toString();
        String field = Json.write(name) + ": " + value;
        return rest.equals("{}") ? "{" + field + "}" : "{" + field + ", " + rest.substring(1);
    }

    /** The field names of a JSON object, for messages. */
    static String names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) out.add(it.next());
        return String.join(",", out);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A value short enough to print in a failure message. */
    static String shorten(String s) {
        String clean = s.replaceAll("[\\p{Cntrl}\\x{80}-\\x{ff}]", "?");
        return clean.length() > 50 ? clean.substring(0, 50) + "…(" + s.length() + " chars)" : clean;
    }
}
