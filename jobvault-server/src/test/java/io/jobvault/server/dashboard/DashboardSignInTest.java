package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in, sessions and sign-out over real HTTP. */
class DashboardSignInTest extends DashboardTestBase {

    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void signInSetsAnHttpOnlySameSiteStrictSessionCookieWithoutTheToken() {
        Browser b = browser();
        Browser.Page signedIn = b.signIn(ADMIN_TOKEN);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/");
        String cookie = signedIn.setCookie(Sessions.COOKIE);
        assertThat(cookie).as(signedIn.setCookies().toString()).isNotNull()
                .contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/;").contains("Max-Age=28800")
                .doesNotContain(ADMIN_TOKEN);
        Browser.Page overview = b.get("/");
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body()).contains("<h1>Overview</h1>").contains("id=\"sign-out\"").contains("id=\"nav-jobs\"");
        assertThat(overview.header("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void aPageWithoutASessionRedirectsToTheSignInPage() {
        Browser b = browser();
        for (String path : new String[] {"/", "/jobs", "/jobs/01940a7e-8f2c-7c1e-9a3b-5f6d7e8f9a0b"}) {
            Browser.Page p = b.get(path);
            assertThat(p.status()).as(path).isEqualTo(303);
            assertThat(p.header("Location")).as(path).isEqualTo("/login");
        }
        assertThat(b.get("/login").body()).contains("id=\"login-form\"").contains("name=\"token\"");
    }

    @Test
    void aTamperedCookieIsNoSession() {
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        String value = b.cookies.get(Sessions.COOKIE);
        // another token id under the same signature: the MAC no longer matches
        b.cookies.put(Sessions.COOKIE, "tok_000000000000" + value.substring(value.indexOf('.')));
        Browser.Page p = b.get("/");
        assertThat(p.status()).isEqualTo(303);
        assertThat(p.header("Location")).isEqualTo("/login");
        assertThat(p.setCookie(Sessions.COOKIE)).as("the dead cookie is cleared").contains("Max-Age=0");
    }

    @Test
    void anUnknownTokenIsRefusedAndSetsNoSession() {
        Browser b = browser();
        Browser.Page p = b.signIn("jv_not-a-real-token");
        assertThat(p.status()).isEqualTo(401);
        assertThat(p.body()).contains("id=\"login-error\"").doesNotContain("jv_not-a-real-token");
        assertThat(p.setCookie(Sessions.COOKIE)).isNull();
    }

    @Test
    void aTokenWithoutTheReadScopeCannotSignIn() {
        Browser.Page p = browser().signIn(token(null, Scope.WORK));
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.setCookie(Sessions.COOKIE)).isNull();
    }

    @Test
    void aSignInPostedFromAnotherSiteIsRefused() {
        Browser b = browser();
        String csrf = b.get("/login").csrf();
        assertThat(b.post("/login", Map.of("_csrf", csrf, "token", ADMIN_TOKEN), "https://evil.example").status()).isEqualTo(403);
        b.cookies.remove(LoginPage.LOGIN_COOKIE); // a page elsewhere cannot read or send this site's sign-in cookie
        Browser.Page noCookie = b.post("/login", Map.of("_csrf", csrf, "token", ADMIN_TOKEN));
        assertThat(noCookie.status()).isEqualTo(403);
        assertThat(noCookie.setCookie(Sessions.COOKIE)).isNull();
    }

    @Test
    void revokingTheTokenEndsItsSessions() {
        var ops = server.tokens().create("ops", null, Set.of(Scope.READ, Scope.SUBMIT));
        Browser revoked = browser();
        revoked.signIn(ops.secret());
        Browser kept = browser();
        kept.signIn(token(null, Scope.READ));
        assertThat(revoked.get("/").status()).isEqualTo(200);

        assertThat(server.tokens().revoke(ops.token().id())).isTrue();

        Browser.Page after = revoked.get("/");
        assertThat(after.status()).isEqualTo(303);
        assertThat(after.header("Location")).isEqualTo("/login");
        assertThat(kept.get("/").status()).as("another token's session goes on").isEqualTo(200);
    }

    @Test
    void aSessionEndsAfterItsLength() {
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        clock.advance(Duration.ofHours(8).minusMinutes(1));
        assertThat(b.get("/").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(b.get("/").status()).isEqualTo(303);
    }

    @Test
    void signOutClearsTheSession() {
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page page = b.get("/");
        Browser.Page out = b.post("/logout", Map.of("_csrf", page.csrf()));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/login");
        assertThat(out.setCookie(Sessions.COOKIE)).contains("Max-Age=0");
        assertThat(b.get("/").status()).isEqualTo(303);
    }
}
