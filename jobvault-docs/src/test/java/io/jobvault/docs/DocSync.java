package io.jobvault.docs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares the ```java blocks of the documents with the snippets of the tests: every block must be, up to
 * indentation, exactly one snippet, and every snippet must be shown somewhere. The messages say where a block
 * drifted and how.
 */
final class DocSync {
    private DocSync() {}

    static List<String> problems(List<CodeBlock> blocks, Collection<Snippet> snippets) {
        List<String> problems = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (CodeBlock block : blocks) {
            String code = block.normalized();
            Snippet same = snippets.stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
            if (same != null) {
                shown.add(same.name());
                continue;
            }
            Snippet closest = snippets.stream().max(Comparator.comparingInt(s -> sharedLines(s.code(), code))).orElse(null);
            problems.add(block.where() + ": this ```java block is not a snippet of jobvault-docs/src/test/java (between"
                    + " // doc:begin NAME and // doc:end NAME), so it is neither compiled nor run."
                    + (closest == null || sharedLines(closest.code(), code) == 0 ? " No snippet resembles it."
                    : " Closest: " + closest.name() + " at " + closest.where() + ", " + firstDifference(code, closest.code())));
        }
        for (Snippet s : snippets) {
            if (!shown.contains(s.name())) {
                problems.add(s.where() + ": snippet " + s.name() + " is shown by no ```java block of README.md or docs/"
                        + " (a document changed it, or it is left over: update the document or remove the markers)");
            }
        }
        return problems;
    }

    private static int sharedLines(String a, String b) {
        Set<String> lines = new HashSet<>(a.lines().map(String::strip).filter(l -> l.length() > 3).toList());
        return (int) b.lines().map(String::strip).filter(lines::contains).count();
    }

    private static String firstDifference(String doc, String snippet) {
        List<String> d = doc.lines().toList();
        List<String> s = snippet.lines().toList();
        for (int i = 0; i < Math.max(d.size(), s.size()); i++) {
            String dl = i < d.size() ? d.get(i) : "(end of block)";
            String sl = i < s.size() ? s.get(i) : "(end of snippet)";
            if (!dl.equals(sl)) return "first difference at block line " + (i + 1) + ":\n    doc:     " + dl + "\n    snippet: " + sl;
        }
        return "identical";
    }
}
