package io.jobvault.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jobvault bench --compare REF}: builds REF (any git ref) in a temporary git worktree, then runs this build's
 * bench and REF's alternately (A B A B …) with the same options, and prints each run's figures, the medians and the
 * ratios. Alternating in one session is what makes a ratio mean something on a shared machine whose speed drifts.
 *
 * <p>REF is built with {@code mvn package} (never {@code install}), so it cannot replace this build's artifacts in the
 * local Maven repository. Options REF's bench does not know are left out of both builds' runs (and said so).
 */
final class BenchCompare {
    /** The command line of the running bench, as option → value; every option the current build would run with. */
    private final Map<String, String> options;
    /** Options the user gave explicitly: dropping one of these changes the comparison, so it is reported. */
    private final Set<String> explicit;
    private final int rounds;
    private final PrintStream out;

    BenchCompare(Map<String, String> options, Set<String> explicit, int rounds, PrintStream out) {
        this.options = options;
        this.explicit = explicit;
        this.rounds = rounds;
        this.out = out;
    }

    int run(String ref) throws Exception {
        Path root = repositoryRoot();
        Path dir = Files.createTempDirectory("jobvault-compare");
        try {
            String refCommit = git(root, "rev-parse", "--short", ref + "^{commit}").strip();
            String head = git(root, "rev-parse", "--short", "HEAD").strip();
            boolean changed = !git(root, "status", "--porcelain", "--untracked-files=no").isBlank();
            String current = "current";
            String other = refCommit;
            Path currentJar = Files.copy(runningJar(), dir.resolve("current.jar"));
            out.printf("bench --compare: current = this build (%s%s), %s = %s; building %s in a temporary worktree…%n",
                    head, changed ? " + uncommitted changes" : "", other, ref, other);
            Path refJar = buildRef(root, refCommit, dir);
            List<String> args = argsBothKnow(optionsOf(refJar));
            out.println(MachineCalibration.line(dir));
            out.printf("bench --compare: %d rounds, %s then %s, each run: bench %s%n", rounds, current, other, String.join(" ", args));
            BenchFigures figures = new BenchFigures(List.of(current, other));
            for (int round = 1; round <= rounds; round++) {
                figures.add(current, runOnce(currentJar, args, dir, round, current));
                figures.add(other, runOnce(refJar, args, dir, round, other));
            }
            out.println(MachineCalibration.line(dir));
            figures.printSummary(out);
            return 0;
        } finally {
            BenchCommand.deleteTree(dir);
        }
    }

    private Map<String, Double> runOnce(Path jar, List<String> args, Path dir, int round, String build) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String runName = (build.equals("current") ? "current-" : "ref-") + round;
        command.addAll(childJvmOptions(runName));
        command.addAll(List.of("-jar", jar.toString(), "bench"));
        command.addAll(args);
        Path errors = dir.resolve(runName + ".err");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        Map<String, Double> run = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
                run.putAll(BenchFigures.parse(line));
                if (line.startsWith("calibration:")) out.println("  " + line);
            }
        }
        if (p.waitFor() != 0) {
            lines.forEach(l -> out.println("  | " + l));
            List<String> errorLines = Files.readAllLines(errors);
            errorLines.subList(Math.max(0, errorLines.size() - 30), errorLines.size()).forEach(l -> out.println("  ! " + l));
            throw new IllegalStateException("the bench of " + build + " failed (exit " + p.exitValue() + ")");
        }
        out.printf("round %d/%d %s: %s%n", round, rounds, build, BenchFigures.oneLine(run));
        return run;
    }

    /**
     * The JVM options this bench runs with, for the child benches: heap and GC settings carry over; a flight
     * recording gets a file per run ({@code x.jfr} becomes {@code x-current-1.jfr}, {@code x-ref-1.jfr}, …).
     */
    static List<String> childJvmOptions(String runName) {
        List<String> options = new ArrayList<>();
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-agentlib:jdwp") || option.startsWith("-Djdk.module.main")) continue;
            if (option.startsWith("-XX:StartFlightRecording")) {
                option = option.replaceAll("filename=([^,]*?)(\\.jfr)?(,|$)", "filename=$1-" + runName + ".jfr$3");
            }
            options.add(option);
        }
        if (options.stream().noneMatch(o -> o.startsWith("--enable-native-access"))) options.add("--enable-native-access=ALL-UNNAMED");
        return options;
    }

    /** This run's options that REF's bench also has; an explicit one it lacks is dropped from both, with a note. */
    List<String> argsBothKnow(Set<String> refOptions) {
        if (explicit.contains("--db") && !refOptions.contains("--db")) {
            throw new IllegalStateException("REF's bench runs on SQLite only (it has no --db); compare on SQLite instead");
        }
        List<String> args = new ArrayList<>();
        options.forEach((name, value) -> {
            if (refOptions.contains(name)) {
                args.add(name);
                if (value != null) args.add(value); // null: a flag
            } else if (explicit.contains(name)) {
                out.printf("bench --compare: REF's bench has no %s; both builds run without it%n", name);
            }
        });
        return args;
    }

    /** The long options REF's {@code bench --help} lists. */
    private static Set<String> optionsOf(Path jar) throws Exception {
        String help = exec(null, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "bench", "--help");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*").matcher(help);
        while (m.find()) names.add(m.group());
        return names;
    }

    /** Builds REF's command-line jar in a worktree under {@code dir}, copies it out and removes the worktree. */
    private Path buildRef(Path root, String commit, Path dir) throws Exception {
        Path tree = dir.resolve("ref-src");
        git(root, "worktree", "add", "--detach", tree.toString(), commit);
        try {
            Path log = dir.resolve("ref-build.log");
            List<String> offline = List.of("mvn", "-B", "-q", "-o", "package", "-DskipTests", "-pl", "jobvault-cli", "-am");
            if (build(tree, offline, log) != 0) {
                out.println("bench --compare: the offline build failed (a dependency not downloaded yet?); building online");
                if (build(tree, offline.stream().filter(a -> !a.equals("-o")).toList(), log) != 0) {
                    Files.readAllLines(log).forEach(l -> out.println("  ! " + l));
                    throw new IllegalStateException("could not build " + commit + " (its build log is above)");
                }
            }
            return Files.copy(tree.resolve("jobvault-cli/target/jobvault.jar"), dir.resolve("ref.jar"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            git(root, "worktree", "remove", "--force", tree.toString());
        }
    }

    private static int build(Path tree, List<String> command, Path log) throws Exception {
        return new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start().waitFor();
    }

    private static String git(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        return exec(root, command.toArray(String[]::new));
    }

    private static String exec(Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        return output;
    }

    /** The jar this bench runs from (the launcher's {@code jobvault-cli/target/jobvault.jar}). */
    private static Path runningJar() throws Exception {
        Path location = Path.of(BenchCompare.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException("bench --compare runs from the command-line jar (./jobvault bench --compare REF), not from " + location);
        }
        return location;
    }

    /** The git working tree the running jar was built in; else the one the current directory is in. */
    private static Path repositoryRoot() throws Exception {
        for (Path p = runningJar().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) return p;
        }
        return Path.of(exec(null, "git", "rev-parse", "--show-toplevel").strip());
    }
}
