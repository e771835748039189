package io.jobvault.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fenced code block of a Markdown file (```lang … ```), with the line its first code line is on.
 *
 * @param line 1-based line number of the block's first code line
 */
record CodeBlock(Path file, int line, String language, List<String> lines) {
    /** The fenced blocks of one language in a Markdown file, in order. Fences may be indented (inside list items). */
    static List<CodeBlock> in(Path file, String language) {
        List<String> text = DocsTree.lines(file);
        List<CodeBlock> blocks = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String fence = text.get(i).strip();
            if (!fence.startsWith("```") || fence.length() == 3) continue;
            String lang = fence.substring(3).strip();
            int start = i + 1;
            int end = start;
            while (end < text.size() && !text.get(end).strip().equals("```")) end++;
            if (lang.equals(language)) blocks.add(new CodeBlock(file, start + 1, lang, List.copyOf(text.subList(start, end))));
            i = end;
        }
        return blocks;
    }

    /** The code with its common indentation removed and trailing blanks dropped: what two copies must agree on. */
    String normalized() {
        return Snippet.normalize(lines);
    }

    String where() {
        return DocsTree.relative(file) + ":" + line;
    }
}
