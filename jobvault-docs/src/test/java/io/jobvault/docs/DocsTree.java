package io.jobvault.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository's documentation is: README.md and every Markdown file under docs/. */
final class DocsTree {
    private DocsTree() {}

    /** The repository root (set by the module's surefire configuration; the parent of the working module otherwise). */
    static Path root() {
        String configured = System.getProperty("jobvault.docs.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("docs"))) {
            throw new IllegalStateException("no README.md and docs/ under " + root + " (set -Djobvault.docs.root)");
        }
        return root;
    }

    /** README.md, then docs/**.md in name order. */
    static List<Path> markdownFiles() {
        Path root = root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The test sources of this module, where the Java examples live. */
    static Path exampleSources() {
        return root().resolve("jobvault-docs/src/test/java");
    }

    static String relative(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString();
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
