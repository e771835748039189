package io.jobvault.id;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one of the store's secrets: what lets every node on a store issue and check the same links,
 * tokens and cookies without writing anything (lease tokens, read tokens, artifact links, dashboard sessions). Thread
 * safe: each signature takes its own {@link Mac}.
 */
public final class Signer {
    /** Longer input is never a token of ours: refused before any decoding. */
    private static final int MAX_SEALED = 1000;

    private final SecretKeySpec key;

    /** @param base64Secret a secret as {@link JobIds#newSecret()} makes them */
    public Signer(String base64Secret) {
        this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Secret), "HmacSHA256");
    }

    /** The signature of {@code text}, in lower-case hex. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code signature} is {@code text}'s, compared in constant time. */
    public boolean verify(String text, String signature) {
        return signature != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code payload} made a token: its URL-safe base64, a dot, and the signature of that. */
    public String seal(String payload) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + sign(body);
    }

    /** The payload {@link #seal} put in {@code token}; empty for anything this secret did not seal. */
    public Optional<String> open(String token) {
        if (token == null || token.length() > MAX_SEALED) return Optional.empty();
        int dot = token.lastIndexOf('.');
        if (dot <= 0) return Optional.empty();
        String body = token.substring(0, dot);
        if (!verify(body, token.substring(dot + 1))) return Optional.empty();
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
