package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Artifact downloads over real HTTP: headers, ranges, conditional requests, signed links, tenants, bad input. */
class ArtifactsApiTest extends ServerTestBase {

    private JsonNode finishedJobWithArtifact(ApiClient client) {
        String id = client.post("/v1/jobs", "{\"type\": \"test.artifact\"}").json().get("id").asText();
        JsonNode job = client.get("/v1/jobs/" + id + "?wait=30s").json();
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        return job;
    }

    @Test
    void theJobListsItsArtifactAndItDownloadsWithHeaders() throws Exception {
        JsonNode job = finishedJobWithArtifact(api);
        JsonNode a = job.get("artifacts").get(0);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ARTIFACT_BYTES));
        assertThat(a.get("name").asText()).isEqualTo("data.bin");
        assertThat(a.get("size").asLong()).isEqualTo(ARTIFACT_BYTES.length);
        assertThat(a.get("sha256").asText()).isEqualTo(sha);

        ApiClient.Response r = api.get("/v1/jobs/" + job.get("id").asText() + "/artifacts/data.bin");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).isEqualTo(new String(ARTIFACT_BYTES));
        assertThat(r.contentType()).isEqualTo("application/octet-stream");
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(ARTIFACT_BYTES.length));
        assertThat(r.header("ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename*=UTF-8''data.bin");
        assertThat(api.get("/v1/jobs/" + job.get("id").asText() + "/artifacts/data.bin", "If-None-Match", "\"" + sha + "\"").status())
                .isEqualTo(304);
    }

    @Test
    void rangesAnswer206OtherRangesAreIgnoredAndBadOnesAre416() {
        String path = "/v1/jobs/" + finishedJobWithArtifact(api).get("id").asText() + "/artifacts/data.bin";
        ApiClient.Response part = api.get(path, "Range", "bytes=2-5");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.raw()).isEqualTo("2345");
        assertThat(part.header("Content-Range")).isEqualTo("bytes 2-5/36");
        assertThat(api.get(path, "Range", "bytes=-3").raw()).isEqualTo("xyz");
        assertThat(api.get(path, "Range", "bytes=30-").raw()).isEqualTo("uvwxyz");
        for (String ignored : new String[] {"items=0-1", "bytes=0-1,4-5", "nonsense"}) { // RFC 9110: the whole file
            ApiClient.Response whole = api.get(path, "Range", ignored);
            assertThat(whole.status()).as(ignored).isEqualTo(200);
            assertThat(whole.raw()).hasSize(ARTIFACT_BYTES.length);
        }
        for (String bad : new String[] {"bytes=40-50", "bytes=5-2", "bytes=a-b", "bytes=-0"}) {
            assertProblem(api.get(path, "Range", bad), 416);
        }
        assertThat(api.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void aSignedLinkWorksWithoutATokenUntilItExpiresAndAnyChangeBreaksIt() {
        String url = finishedJobWithArtifact(api).get("artifacts").get(0).get("url").asText();
        ApiClient anonymous = api.as(null);
        assertThat(anonymous.get(url).raw()).isEqualTo(new String(ARTIFACT_BYTES));
        char last = url.charAt(url.length() - 1);
        assertProblem(anonymous.get(url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0')), 403);
        assertProblem(anonymous.get(url.replace("data.bin", "other.bin")), 403);
        assertProblem(anonymous.get(url.replaceAll("expires=(\\d+)", "expires=1$1")), 403); // a later expiry, not signed
        assertThat(assertProblem(anonymous.get(url.replaceAll("expires=(\\d+)", "expires=9223372036854775807")), 400)
                .json().get("detail").asText()).contains("expires").contains("0..253402300799");
        clock.advance(Duration.ofHours(2));
        assertProblem(anonymous.get(url), 403);
    }

    @Test
    void anotherTenantMissingArtifactsAndHostileNamesAre404() {
        ApiClient tenantA = api.as(server.tokens().create("a", "a", Set.of(Scope.SUBMIT, Scope.READ)).secret());
        ApiClient tenantB = api.as(server.tokens().create("b", "b", Set.of(Scope.READ)).secret());
        String id = finishedJobWithArtifact(tenantA).get("id").asText();
        assertThat(tenantA.get("/v1/jobs/" + id + "/artifacts/data.bin").status()).isEqualTo(200);
        assertProblem(tenantB.get("/v1/jobs/" + id + "/artifacts/data.bin"), 404);
        assertProblem(api.get("/v1/jobs/" + id + "/artifacts/nope.bin"), 404);
        assertProblem(api.get("/v1/jobs/" + id + "/artifacts/%2e%2e%2fjobvault.db"), 404);
        assertProblem(api.get("/v1/jobs/" + id + "/artifacts/" + "x".repeat(1000)), 404);
        assertProblem(api.get("/v1/jobs/" + java.util.UUID.randomUUID() + "/artifacts/data.bin"), 404);
    }

    @Test
    void theDemoReportIsARealPdf() {
        String id = api.post("/v1/jobs", "{\"type\": \"demo.report\", \"payload\": {\"title\": \"Q3\", \"pages\": 3}}")
                .json().get("id").asText();
        JsonNode job = api.get("/v1/jobs/" + id + "?wait=30s").json();
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("progress").get("percent").asInt()).isEqualTo(100);
        ApiClient.Response pdf = api.get(job.get("artifacts").get(0).get("url").asText());
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        assertThat(pdf.raw()).startsWith("%PDF-");
    }

    /** Browsers ask for gzip: an artifact is sent as stored (its ETag and Content-Length name those bytes), never compressed. */
    @Test
    void aBrowsersAcceptEncodingGetsTheStoredBytes() {
        String id = api.post("/v1/jobs", "{\"type\": \"demo.report\", \"payload\": {\"title\": \"Q3\", \"pages\": 8}}")
                .json().get("id").asText();
        JsonNode a = api.get("/v1/jobs/" + id + "?wait=30s").json().get("artifacts").get(0);
        assertThat(a.get("size").asLong()).as("past the size from which responses are compressed").isGreaterThan(1500);
        ApiClient.Response pdf = api.get(a.get("url").asText(), "Accept-Encoding", "gzip, deflate, br, zstd");
        assertThat(pdf.status()).as(pdf.raw()).isEqualTo(200);
        assertThat(pdf.header("Content-Encoding")).isNull();
        assertThat(pdf.header("Content-Length")).isEqualTo(a.get("size").asText());
        assertThat(pdf.raw()).startsWith("%PDF-");
    }
}
