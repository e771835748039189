package io.jobvault.cli;

import io.jobvault.bench.BenchCommand;
import io.jobvault.server.ServerCommand;
import io.jobvault.server.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jobvault} command. */
@Command(name = "jobvault", mixinStandardHelpOptions = true, version = "Jobvault 0.1.0",
        description = "A durable job service for the JVM.",
        subcommands = {ServerCommand.class, TokenCommand.class, io.jobvault.server.SchedulesCommand.class, io.jobvault.server.HealthCommand.class, BenchCommand.class, io.jobvault.bench.soak.SoakCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
