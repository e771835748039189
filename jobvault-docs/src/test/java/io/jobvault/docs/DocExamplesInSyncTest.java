package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every ```java block of README.md and docs/ is a snippet of a test in this module, so it compiles and runs. */
class DocExamplesInSyncTest {
    @TempDir
    Path dir;

    @Test
    void everyJavaBlockOfTheDocsIsATestedSnippet() {
        List<CodeBlock> blocks = DocsTree.markdownFiles().stream().flatMap(f -> CodeBlock.in(f, "java").stream()).toList();
        assertThat(blocks).as("java blocks found in README.md and docs/").hasSizeGreaterThan(5);
        List<String> problems = DocSync.problems(blocks, Snippet.all().values());
        assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
    }

    @Test
    void aBlockThatDriftedIsReportedWithItsFileAndLine() throws IOException {
        Path doc = Files.writeString(dir.resolve("guide.md"), """
                # Guide

                ```java
                    int answer = 41;
                    System.out.println(answer);
                ```
                """);
        Path source = Files.writeString(dir.resolve("GuideExamples.java"), """
                class GuideExamples {
                    void answer() {
                        // DOC:begin answer
                        int answer = 42;
                        System.out.println(answer);
                        // DOC:end answer
                    }
                }
                """.replace("DOC:", "doc:")); // spelled so that this file itself holds no snippet
        Map<String, Snippet> snippets = Map.of("answer", Snippet.in(source).getFirst());

        List<String> problems = DocSync.problems(CodeBlock.in(doc, "java"), snippets.values());

        assertThat(problems).hasSize(2);
        assertThat(problems.getFirst()).contains("guide.md:4").contains("answer").contains("block line 1")
                .contains("int answer = 41;").contains("int answer = 42;");
        assertThat(problems.get(1)).contains("snippet answer is shown by no");
    }

    @Test
    void indentationDoesNotMatter() throws IOException {
        Path doc = Files.writeString(dir.resolve("list.md"), """
                1. Step:

                   ```java
                   if (ready) {
                       go();
                   }
                   ```
                """);
        Path source = Files.writeString(dir.resolve("ListExamples.java"), """
                class ListExamples {
                    void step() {
                        // DOC:begin step
                        if (ready) {
                            go();
                        }
                        // DOC:end step
                    }
                }
                """.replace("DOC:", "doc:"));

        assertThat(DocSync.problems(CodeBlock.in(doc, "java"), Snippet.in(source))).isEmpty();
    }
}
