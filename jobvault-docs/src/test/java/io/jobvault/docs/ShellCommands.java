package io.jobvault.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a ```bash block into its commands the way a reader pastes them: a line ending in a backslash, or inside an
 * open quote, continues on the next. A trailing comment stays with its command, as bash ignores it; a comment-only
 * line that shows an answer ({@code # → …}) belongs to the command above it; other comment-only lines are dropped.
 */
final class ShellCommands {
    private ShellCommands() {}

    /**
     * @param line   1-based line of the command's first line in its file
     * @param answer the {@code # → …} line below the command, or ""
     */
    record Command(String text, int line, String answer) {
        Command(String text, int line) {
            this(text, line, "");
        }

        /** The answer the document shows: the comment after the command or the {@code # → …} line below it. */
        String comment() {
            if (!answer.isEmpty()) return answer;
            int at = commentStart(text);
            return at < 0 ? "" : text.substring(at + 1).strip();
        }

        /** The command without its comment. */
        String code() {
            int at = commentStart(text);
            return (at < 0 ? text : text.substring(0, at)).strip();
        }
    }

    static List<Command> of(CodeBlock block) {
        List<Command> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < block.lines().size(); i++) {
            String line = block.lines().get(i);
            if (current.isEmpty()) {
                if (line.strip().startsWith("# →") && !commands.isEmpty()) {
                    Command above = commands.removeLast();
                    commands.add(new Command(above.text(), above.line(), line.strip().substring(1).strip()));
                    continue;
                }
                if (line.isBlank() || line.strip().startsWith("#")) continue;
                start = block.line() + i;
            } else {
                current.append('\n');
            }
            current.append(line);
            String text = current.toString();
            if (openQuote(text) || (commentStart(text) < 0 && text.stripTrailing().endsWith("\\"))) continue;
            commands.add(new Command(text, start));
            current.setLength(0);
        }
        if (!current.isEmpty()) commands.add(new Command(current.toString(), start));
        return commands;
    }

    /** The words of a simple command line (quotes removed, no expansion), e.g. for picocli. */
    static List<String> words(String code) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < code.length()) {
                char next = code.charAt(++i);
                if (next != '\n') word.append(next);
                inWord = inWord || next != '\n';
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }

    private static boolean openQuote(String text) {
        return quoteStateAt(text, text.length()) != 0;
    }

    /** Where a {@code #} outside quotes starts a comment (at a word's start), or -1. */
    private static int commentStart(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1))) && quoteStateAt(text, i) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static char quoteStateAt(String text, int end) {
        char quote = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (quote == 0 && c == '\\') i++;
            else if (quote == 0 && (c == '\'' || c == '"')) quote = c;
            else if (c == quote) quote = 0;
        }
        return quote;
    }
}
