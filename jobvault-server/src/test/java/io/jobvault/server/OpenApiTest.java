package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    @Test
    void everyProblemTypeTheServerAnswersIsInTheErrorTable() throws Exception {
        Pattern problem = Pattern.compile("Problem\\.of\\(\\s*[^,]+,\\s*\"([a-z-]+)\"");
        List<String> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = problem.matcher(Files.readString(f));
                while (m.find()) types.add(m.group(1).equals("http-") ? "http-STATUS" : m.group(1));
            }
        }
        String docs = Files.readString(Path.of("../docs/http-api.md"));
        assertThat(docs).contains("\n## Errors\n");
        String table = docs.substring(docs.indexOf("## Errors"), docs.indexOf("\n## ", docs.indexOf("## Errors") + 1));
        assertThat(types).hasSizeGreaterThan(30);
        assertThat(types).allSatisfy(t -> assertThat(table).as("docs/http-api.md#errors").contains("`" + t + "`"));
    }
}
