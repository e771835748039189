package io.jobvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help formats cleanly. picocli reads descriptions as format strings: a bare "%" makes it print a
 * warning on stderr ahead of the help text and give up formatting that description.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpFormatsWithoutAPicocliWarning() {
        List<CommandLine> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), commands);
        assertThat(commands).extracting(CommandLine::getCommandName).contains("server", "bench", "soak", "token");
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine c : commands) {
                assertThat(c.getUsageMessage()).as(c.getCommandName()).isNotBlank();
            }
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
