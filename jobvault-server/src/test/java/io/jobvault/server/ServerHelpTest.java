package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jobvault server --help} tells the truth about what the flags do. */
class ServerHelpTest {
    @Test
    void demoNamesEveryDemoJobType() {
        String help = new CommandLine(new ServerCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        String demo = help.substring(help.indexOf("--demo"), help.indexOf("-h, --help")).replaceAll("\\s+", " ");
        assertThat(DemoJobs.all()).extracting(JobType::name).allSatisfy(type -> assertThat(demo).contains(type));
    }
}
