package io.jobvault.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Named SQL queries read from a resource file of {@code -- name: x} blocks. A block may use {@code {other}} to
 * include another block (e.g. a column list). Comment lines inside a block are dropped.
 */
public final class SqlQueries {
    private final Map<String, String> byName;

    private SqlQueries(Map<String, String> byName) {
        this.byName = byName;
    }

    /** The queries every dialect shares; a dialect loads them after its own file. */
    public static final String SHARED = "/io/jobvault/store/jdbc/shared.sql";

    /** The named queries of the resources, in order; a name defined twice is an error. */
    public static SqlQueries load(String... resources) {
        StringBuilder all = new StringBuilder();
        for (String resource : resources) {
            try (InputStream in = SqlQueries.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("SQL resource not found: " + resource);
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return parse(all.toString());
    }

    static SqlQueries parse(String text) {
        Map<String, String> raw = new LinkedHashMap<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (t.startsWith("-- name:")) {
                if (name != null) raw.put(name, body.toString().strip());
                name = t.substring("-- name:".length()).strip();
                if (raw.containsKey(name)) throw new IllegalStateException("SQL query " + name + " is defined twice");
                body.setLength(0);
            } else if (name != null && !t.startsWith("--") && !t.isEmpty()) {
                body.append(line).append('\n');
            }
        }
        if (name != null) raw.put(name, body.toString().strip());
        Map<String, String> expanded = new LinkedHashMap<>();
        raw.forEach((n, sql) -> {
            String s = sql;
            for (var e : raw.entrySet()) s = s.replace("{" + e.getKey() + "}", e.getValue());
            expanded.put(n, s);
        });
        return new SqlQueries(Map.copyOf(expanded));
    }

    public String get(String name) {
        String sql = byName.get(name);
        if (sql == null) throw new NoSuchElementException("no SQL query named " + name);
        return sql;
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
