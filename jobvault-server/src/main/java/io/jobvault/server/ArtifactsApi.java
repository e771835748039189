package io.jobvault.server;

import io.javalin.http.Context;
import io.jobvault.Artifact;
import io.jobvault.Job;
import io.jobvault.JobNotFoundException;
import io.jobvault.Jobvault;
import io.jobvault.TimeBounds;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/jobs/{id}/artifacts/{name}}: streams the content with its type and length, a strong ETag (the SHA-256),
 * {@code If-None-Match} (304) and single {@code Range} requests (206). Authorised by a bearer token with
 * {@code read}, or by a valid signed link.
 */
final class ArtifactsApi {
    private final Jobvault jobvault;
    private final ArtifactLinks links;

    ArtifactsApi(Jobvault jobvault, ArtifactLinks links) {
        this.jobvault = jobvault;
        this.links = links;
    }

    void download(Context ctx) throws IOException {
        UUID id = ApiIds.jobId(ctx);
        String name = ctx.pathParam("name");
        if (Authenticator.isSignedDownload(ctx)) {
            if (!links.valid(id, name, expires(ctx), ctx.queryParam("sig"))) {
                throw Problem.of(403, "bad-signature", "Link invalid or expired",
                        "the download link's signature does not match, or it has expired",
                        "GET the job again for a fresh link (links are valid for one hour)").exception();
            }
        } else {
            Caller caller = Authenticator.require(ctx, Scope.READ);
            Job job = jobvault.get(id);
            if (!caller.sees(job.tenant())) throw new JobNotFoundException(id);
        }
        io.jobvault.ArtifactContent content = jobvault.artifact(id, name).orElseThrow(() -> {
            jobvault.get(id); // 404/410 for the job itself first
            return Problem.of(404, "artifact-not-found", "Artifact not found", "job " + id + " has no artifact '"
                    + ApiIds.abbreviate(name) + "'", "GET the job to see its artifacts").exception();
        });
        Artifact a = content.artifact();
        String etag = "\"" + a.sha256() + "\"";
        ctx.header("ETag", etag).header("Accept-Ranges", "bytes").header("Cache-Control", "private, max-age=3600")
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(a.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            ctx.status(304);
            return;
        }
        ByteRange range = ByteRange.parse(ctx.header("Range"), a.size());
        InputStream in;
        try {
            in = content.open(range == null ? 0 : range.start());
        } catch (NoSuchFileException e) {
            throw Problem.of(500, "artifact-content-missing", "Artifact content missing", "the content of artifact '"
                    + a.name() + "' is missing from " + content.storage().describe(), "an operator should check the"
                    + " artifact storage; the job may need to run again").exception();
        }
        ctx.contentType(a.contentType());
        // sent as stored: the ETag and Content-Length name these bytes (and ranges count them); compressing them
        // for a browser's Accept-Encoding: gzip broke every download past Javalin's 1,500-byte threshold with a 500
        ctx.disableCompression();
        if (range == null) {
            ctx.header("Content-Length", String.valueOf(a.size()));
            ctx.result(in);
        } else {
            ctx.status(206).header("Content-Range", "bytes " + range.start() + "-" + range.endInclusive() + "/" + a.size())
                    .header("Content-Length", String.valueOf(range.length()));
            ctx.result(limit(in, range.length()));
        }
    }

    /** The link's expiry in epoch seconds; 400 naming the range when it is not a number within it. */
    private static long expires(Context ctx) {
        String text = ctx.queryParam("expires");
        long max = TimeBounds.LATEST.getEpochSecond();
        try {
            long exp = Long.parseLong(text == null ? "" : text);
            if (exp >= 0 && exp <= max) return exp;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        String problem = "expires: must be epoch seconds within 0.." + max + ", was " + ApiIds.abbreviate(String.valueOf(text));
        throw Problem.of(400, "bad-parameter", "Bad query parameter", problem,
                "use the download link exactly as GET /v1/jobs/{id} returned it").withErrors(List.of(problem)).exception();
    }

    private static InputStream limit(InputStream in, long n) {
        return new java.io.FilterInputStream(in) {
            long left = n;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = super.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int r = super.read(buf, off, (int) Math.min(len, left));
                if (r > 0) left -= r;
                return r;
            }
        };
    }
}
