package io.jobvault.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignerTest {
    private final Signer signer = new Signer(JobIds.newSecret());

    @Test
    void aSealedPayloadOpensWithTheSameSecretOnly() {
        String token = signer.seal("job|3|node-a|ünïcode");
        assertThat(signer.open(token)).contains("job|3|node-a|ünïcode");
        assertThat(new Signer(JobIds.newSecret()).open(token)).isEmpty();
    }

    @Test
    void anyChangedByteOrMalformedTokenOpensToNothing() {
        String token = signer.seal("payload");
        char last = token.charAt(token.length() - 1);
        assertThat(signer.open(token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0'))).isEmpty();
        assertThat(signer.open("x" + token)).isEmpty();
        assertThat(signer.open(null)).isEmpty();
        assertThat(signer.open("")).isEmpty();
        assertThat(signer.open(".abc")).isEmpty();
        assertThat(signer.open("no-dot-at-all")).isEmpty();
        assertThat(signer.open("a".repeat(1001) + "." + signer.sign("a".repeat(1001)))).as("too long").isEmpty();
        String notBase64 = "@@@";
        assertThat(signer.open(notBase64 + "." + signer.sign(notBase64))).as("signed but not base64").isEmpty();
    }

    @Test
    void verifyComparesSignatures() {
        String sig = signer.sign("text");
        assertThat(sig).hasSize(64).matches("[0-9a-f]+");
        assertThat(signer.verify("text", sig)).isTrue();
        assertThat(signer.verify("text2", sig)).isFalse();
        assertThat(signer.verify("text", null)).isFalse();
        assertThat(signer.verify("text", sig.toUpperCase())).isFalse();
    }
}
