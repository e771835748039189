package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.JobvaultException;
import io.jobvault.store.JobStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Facts the documents state about the repository, checked against it: links, the layout table, store URLs. */
class DocFactsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> broken = new ArrayList<>();
        for (DocLine line : DocLine.all()) {
            Matcher m = LINK.matcher(line.text());
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) continue; // http:, mailto:
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? line.doc() : line.doc().getParent().resolve(file).normalize();
                String where = line.where() + ": " + target;
                if (!Files.exists(resolved)) broken.add(where + " (no such file)");
                else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    broken.add(where + " (no heading with this anchor in " + DocsTree.relative(resolved) + ")");
                }
            }
        }
        assertThat(broken).as(String.join("\n", broken)).isEmpty();
    }

    @Test
    void backquotedMarkdownPathsExist() {
        Pattern path = Pattern.compile("`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+\\.md)`");
        List<String> missing = new ArrayList<>();
        for (DocLine line : DocLine.all()) {
            Matcher m = path.matcher(line.text());
            while (m.find()) {
                String p = m.group(1);
                if (!Files.exists(DocsTree.root().resolve(p)) && !Files.exists(line.doc().getParent().resolve(p))) {
                    missing.add(line.where() + ": " + p);
                }
            }
        }
        assertThat(missing).as("files the docs point to that are not in the repository:\n" + String.join("\n", missing)).isEmpty();
    }

    @Test
    void noDocumentPromisesWhatIsNotBuilt() {
        Pattern future = Pattern.compile("(?i)\\b(to come|coming soon|not yet implemented|TODO|TBD)\\b");
        List<String> found = DocLine.all().stream().filter(l -> future.matcher(l.text()).find())
                .map(l -> l.where() + ": " + l.text().strip()).toList();
        assertThat(found).as(String.join("\n", found)).isEmpty();
    }

    /** Every module of the build has a row in README's layout table, naming each of its packages as {@code name/}. */
    @Test
    void theLayoutTableNamesEveryModuleAndPackage() throws IOException {
        Path root = DocsTree.root();
        String readme = Files.readString(root.resolve("README.md"));
        List<String> missing = new ArrayList<>();
        Matcher modules = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (modules.find()) {
            String module = modules.group(1);
            Matcher row = Pattern.compile("(?m)^\\| `" + Pattern.quote(module) + "` \\|(.*)\\|$").matcher(readme);
            if (!row.find()) {
                missing.add(module + ": no row");
                continue;
            }
            for (String pkg : packagesOf(root.resolve(module).resolve("src/main/java"))) {
                if (!row.group(1).contains("`" + pkg + "/`")) missing.add(module + ": package " + pkg + "/ not named");
            }
        }
        assertThat(missing).as("README.md's layout table:\n" + String.join("\n", missing)).isEmpty();
    }

    /** JobvaultBuilder.database's javadoc and the error for an unsupported URL name every store on the class path. */
    @Test
    void everySupportedStoreUrlIsNamed() throws IOException {
        List<String> prefixes = JobStoreProvider.supportedUrlForms().stream()
                .map(f -> f.substring(0, f.indexOf(':', "jdbc:".length()) + 1)).toList();
        assertThat(prefixes).contains("jdbc:sqlite:", "jdbc:postgresql:");
        String source = Files.readString(DocsTree.root().resolve("jobvault-core/src/main/java/io/jobvault/JobvaultBuilder.java"));
        int setter = source.indexOf("public JobvaultBuilder database(");
        String javadoc = source.substring(source.lastIndexOf("/**", setter), setter);
        assertThat(javadoc).as("JobvaultBuilder.database javadoc").contains(prefixes);
        assertThatThrownBy(() -> Jobvault.builder().database("jdbc:mysql://127.0.0.1/jobs").build())
                .isInstanceOf(JobvaultException.class).message().contains(prefixes);
    }

    /** Every setting of JobvaultBuilder is in docs/java-api.md (its table or text), so none is a secret. */
    @Test
    void everyBuilderSettingIsInTheJavaApiDoc() throws IOException {
        String javaApi = Files.readString(DocsTree.root().resolve("docs/java-api.md"));
        List<String> missing = java.util.Arrays.stream(JobvaultBuilder.class.getMethods())
                .filter(m -> m.getReturnType() == JobvaultBuilder.class && m.getDeclaringClass() == JobvaultBuilder.class)
                .map(java.lang.reflect.Method::getName).distinct().sorted()
                .filter(name -> !javaApi.contains("`" + name + "`") && !javaApi.contains("." + name + "(")
                        && !javaApi.contains("`" + name + "("))
                .toList();
        assertThat(missing).as("JobvaultBuilder settings docs/java-api.md does not mention").isEmpty();
    }

    /** The packages directly under a module's root package (the first with code or with several children). */
    private static List<String> packagesOf(Path sources) throws IOException {
        if (!Files.isDirectory(sources)) return List.of();
        Path dir = sources;
        while (true) {
            List<Path> children;
            boolean hasCode;
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> all = s.toList();
                children = all.stream().filter(Files::isDirectory).sorted().toList();
                hasCode = all.stream().anyMatch(p -> p.toString().endsWith(".java"));
            }
            if (hasCode || children.size() != 1) return children.stream().map(p -> p.getFileName().toString()).toList();
            dir = children.getFirst();
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static List<String> anchors(Path doc) {
        return DocsTree.lines(doc).stream().filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-')).toList();
    }
}
