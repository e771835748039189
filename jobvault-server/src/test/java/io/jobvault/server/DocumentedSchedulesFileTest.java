package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every schedules file a document shows (a ```json block with "schedules") is one --schedules accepts. */
class DocumentedSchedulesFileTest {
    @TempDir
    Path dir;

    @Test
    void everyDocumentedSchedulesFileIsAccepted() throws IOException {
        Path docs = Path.of("..", "docs").toAbsolutePath().normalize();
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(docs)) {
            for (Path doc : all.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(doc);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).strip().equals("```json")) continue;
                    int end = i + 1;
                    while (!lines.get(end).strip().equals("```")) end++;
                    String json = String.join("\n", lines.subList(i + 1, end));
                    if (json.contains("\"schedules\"")) {
                        Path file = Files.writeString(dir.resolve("schedules-" + files.size() + ".json"), json);
                        List<Schedule> schedules = SchedulesFile.read(file); // throws naming every problem
                        assertThat(schedules).as(doc + ":" + (i + 2)).isNotEmpty();
                        files.add(doc.getFileName() + ":" + (i + 2));
                    }
                    i = end;
                }
            }
        }
        assertThat(files).as("schedules files shown in docs/").isNotEmpty();
    }
}
