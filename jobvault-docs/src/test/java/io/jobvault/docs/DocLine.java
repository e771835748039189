package io.jobvault.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of README.md or a document under docs/, with where it is. */
record DocLine(Path doc, int number, String text) {
    static List<DocLine> all() {
        List<DocLine> lines = new ArrayList<>();
        for (Path doc : DocsTree.markdownFiles()) {
            List<String> text = DocsTree.lines(doc);
            for (int i = 0; i < text.size(); i++) lines.add(new DocLine(doc, i + 1, text.get(i)));
        }
        return lines;
    }

    String where() {
        return DocsTree.relative(doc) + ":" + number;
    }
}
