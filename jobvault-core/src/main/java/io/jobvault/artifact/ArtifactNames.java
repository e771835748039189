package io.jobvault.artifact;

import java.util.Locale;

/** Artifact names are single, plain file names: no paths, no tricks. */
public final class ArtifactNames {
    public static final int MAX_LENGTH = 200;

    private ArtifactNames() {}

    /** Throws {@link IllegalArgumentException} saying what is wrong with {@code name}. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("artifact name must not be empty");
        if (name.length() > MAX_LENGTH) throw new IllegalArgumentException("artifact name is longer than " + MAX_LENGTH + " characters");
        if (name.equals(".") || name.equals("..") || name.contains("..")) throw new IllegalArgumentException("artifact name must not contain '..'");
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) throw new IllegalArgumentException("artifact name must not contain / or \\");
        if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x7f)) {
            throw new IllegalArgumentException("artifact name must not contain control characters");
        }
        if (name.startsWith(".") || name.toLowerCase(Locale.ROOT).startsWith("tmp-")) {
            throw new IllegalArgumentException("artifact name must not start with '.' or 'tmp-'");
        }
        return name;
    }
}
