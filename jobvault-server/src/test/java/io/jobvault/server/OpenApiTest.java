package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document is docs/openapi.json, and it documents every route the server registers. */
class OpenApiTest extends ServerTestBase {

    @Test
    void servedWithoutATokenAndIdenticalToTheDocsCopy() throws Exception {
        ApiClient.Response r = api.as(null).get("/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(r.raw()).isEqualTo(Files.readString(Path.of("../docs/openapi.json")));
    }

    @Test
    void everyRegisteredRouteIsDocumented() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/jobvault/server/JobvaultServer.java"));
        Matcher m = Pattern.compile("c\\.routes\\.(get|post|put|delete)\\(\"([^\"]+)\"").matcher(source);
        JsonNode paths = api.get("/v1/openapi.json").json().get("paths");
        List<String> undocumented = new ArrayList<>();
        int routes = 0;
        while (m.find()) {
            routes++;
            JsonNode path = paths.get(m.group(2));
            if (path == null || !path.has(m.group(1))) undocumented.add(m.group(1).toUpperCase() + " " + m.group(2));
        }
        assertThat(routes).isGreaterThan(15);
        assertThat(undocumented).isEmpty();
    }
}
