package io.jobvault.artifact;

import java.io.IOException;

/** More bytes arrived than the artifact size limit allows; nothing was kept. */
public final class ArtifactTooLargeException extends IOException {
    public ArtifactTooLargeException(long max) {
        super("artifact is larger than the limit of " + max + " bytes");
    }
}
