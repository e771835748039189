package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The filters of {@code GET /v1/jobs}: label, created range, id; bad values are 400 naming each. */
class JobFiltersApiTest extends ServerTestBase {

    private String parked(String labels) {
        ApiClient.Response r = api.post("/v1/jobs", "{\"type\":\"remote.work\",\"queue\":\"parked\",\"labels\":" + labels + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static List<String> ids(ApiClient.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode j : r.json().get("items")) ids.add(j.get("id").asText());
        return ids;
    }

    @Test
    void labelCreatedAndIdFiltersNarrowThePage() {
        Instant t0 = clock.instant();
        String early = parked("{\"batch\":\"x\"}");
        clock.advance(Duration.ofMinutes(1));
        String late = parked("{\"batch\":\"x\"}");
        String other = parked("{\"batch\":\"y\"}");

        assertThat(ids(api.get("/v1/jobs?label=batch%3Dx"))).containsExactly(late, early);
        assertThat(ids(api.get("/v1/jobs?label=batch%3Dx&limit=1&cursor=" + late))).containsExactly(early);
        assertThat(ids(api.get("/v1/jobs?queue=parked&createdFrom=" + t0.plusSeconds(30)))).containsExactlyInAnyOrder(late, other);
        assertThat(ids(api.get("/v1/jobs?createdFrom=" + t0 + "&createdTo=" + t0.plusSeconds(30) + "&queue=parked"))).containsExactly(early);
        assertThat(ids(api.get("/v1/jobs?id=" + other))).containsExactly(other);
        assertThat(ids(api.get("/v1/jobs?finishedTo=" + t0.plusSeconds(3600) + "&queue=parked"))).isEmpty();
    }

    @Test
    void badFilterValuesAre400NamingEachProblem() {
        ApiClient.Response r = assertProblem(api.get("/v1/jobs?label=nokey&createdFrom=soon&id=7&state=sleeping"), 400);
        assertThat(r.json().get("errors")).hasSize(4);
        assertProblem(api.get("/v1/jobs?createdFrom=2030-01-02T00:00:00Z&createdTo=2030-01-01T00:00:00Z"), 400);
        assertProblem(api.get("/v1/jobs?finishedFrom=2030-01-01T00:00:00Z&finishedTo=2030-01-01T00:00:00Z"), 400);
    }
}
