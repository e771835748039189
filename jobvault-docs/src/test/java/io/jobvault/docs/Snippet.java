package io.jobvault.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A piece of a test, between {@code // doc:begin NAME} and {@code // doc:end NAME}, that a document shows as a
 * ```java block. The test around it builds what the example assumes and checks what the document claims.
 *
 * @param line 1-based line of the snippet's first code line in its source file
 */
record Snippet(String name, Path source, int line, String code) {
    private static final Pattern BEGIN = Pattern.compile("^\\s*// doc:begin (\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// doc:end (\\S+)\\s*$");

    /** Every snippet under the example sources, by name; a malformed or duplicated marker fails at once. */
    static Map<String, Snippet> all() {
        Map<String, Snippet> snippets = new LinkedHashMap<>();
        try (Stream<Path> sources = Files.walk(DocsTree.exampleSources())) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (Snippet s : in(source)) {
                    Snippet before = snippets.putIfAbsent(s.name, s);
                    if (before != null) throw new IllegalStateException("snippet " + s.name + " is defined twice: "
                            + before.where() + " and " + s.where());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return snippets;
    }

    static List<Snippet> in(Path source) {
        List<String> lines = DocsTree.lines(source);
        List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher begin = BEGIN.matcher(lines.get(i));
            if (!begin.matches()) continue;
            String name = begin.group(1);
            int end = i + 1;
            while (end < lines.size() && !END.matcher(lines.get(end)).matches()) {
                if (BEGIN.matcher(lines.get(end)).matches()) break;
                end++;
            }
            Matcher close = end < lines.size() ? END.matcher(lines.get(end)) : null;
            if (close == null || !close.matches() || !close.group(1).equals(name)) {
                throw new IllegalStateException(DocsTree.relative(source) + ":" + (i + 1) + ": doc:begin " + name
                        + " has no matching // doc:end " + name);
            }
            found.add(new Snippet(name, source, i + 2, normalize(lines.subList(i + 1, end))));
            i = end;
        }
        return found;
    }

    /** Drops the common indentation, trailing spaces, and blank lines at either end. */
    static String normalize(List<String> lines) {
        List<String> kept = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!kept.isEmpty() && kept.getFirst().isEmpty()) kept.removeFirst();
        while (!kept.isEmpty() && kept.getLast().isEmpty()) kept.removeLast();
        int indent = kept.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", kept.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
    }

    String where() {
        return DocsTree.relative(source) + ":" + line;
    }
}
