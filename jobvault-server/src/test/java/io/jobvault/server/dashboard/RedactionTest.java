package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private final Redaction redaction = new Redaction(Set.of("password", "token"));

    @Test
    void masksNamedKeysAtAnyDepthWhateverTheirValue() {
        String out = redaction.pretty("""
                {"a": 1, "Password": "s1", "deep": {"token": {"x": "s2"}, "list": [{"password": 42}, "keep"]}}""");
        assertThat(out).doesNotContain("s1").doesNotContain("s2").doesNotContain("42").contains("\"a\" : 1").contains("keep")
                .contains("\"Password\" : \"" + Redaction.MASK + "\"").contains("\"token\" : \"" + Redaction.MASK + "\"");
    }

    @Test
    void textThatIsNotJsonComesBackAsItIs() {
        assertThat(redaction.pretty("not json {")).isEqualTo("not json {");
        assertThat(redaction.pretty(null)).isNull();
    }
}
