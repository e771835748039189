package io.jobvault.server;

import picocli.CommandLine;

/** Runs {@code jobvault server} in a child JVM for {@link ServerCrashTest}. */
public final class ServerMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCommand()).execute(args));
    }
}
