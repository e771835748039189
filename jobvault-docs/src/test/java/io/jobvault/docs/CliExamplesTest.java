package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code ./jobvault …} lines of the docs are commands the CLI accepts, and its help reads as whole sentences. */
class CliExamplesTest {
    @Test
    void everyDocumentedJobvaultCommandLineParses() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var file : DocsTree.markdownFiles()) {
            for (CodeBlock block : CodeBlock.in(file, "bash")) {
                for (ShellCommands.Command command : ShellCommands.of(block)) {
                    List<String> words = ShellCommands.words(command.code());
                    int at = words.indexOf("./jobvault");
                    if (at < 0) continue;
                    List<String> args = words.subList(at + 1, words.size());
                    checked++;
                    try {
                        new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
                    } catch (CommandLine.ParameterException e) {
                        problems.add(DocsTree.relative(file) + ":" + command.line() + ": " + e.getMessage() + "\n    " + command.code());
                    }
                }
            }
        }
        assertThat(checked).as("documented ./jobvault command lines").isGreaterThan(5);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** Every option of {@code jobvault server}, and the environment variable that sets it, is in docs/http-api.md. */
    @Test
    void everyServerOptionAndItsVariableIsDocumented() throws IOException {
        String doc = Files.readString(DocsTree.root().resolve("docs/http-api.md"));
        Pattern env = Pattern.compile("\\$\\{env:(JOBVAULT_[A-Z_]+)");
        List<String> missing = new ArrayList<>();
        for (CommandLine.Model.OptionSpec option : new CommandLine(new Main()).getSubcommands().get("server")
                .getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) continue;
            if (!doc.contains(option.longestName())) missing.add(option.longestName());
            Matcher m = env.matcher(String.valueOf(option.defaultValue()));
            if (m.find() && !doc.contains(m.group(1))) missing.add(m.group(1));
        }
        assertThat(missing).as("server options or variables docs/http-api.md does not mention").isEmpty();
    }

    @Test
    void everyCommandSummaryIsACompleteSentence() {
        Map<String, CommandLine> commands = new CommandLine(new Main()).getSubcommands();
        assertThat(commands).containsKeys("server", "token", "schedules", "health", "bench", "soak");
        commands.forEach((name, command) -> {
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(name).isNotEmpty();
            assertThat(description[0].strip()).as("the first description line of " + name + " is its summary in --help")
                    .endsWith(".");
        });
    }
}
