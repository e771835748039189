package io.jobvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import io.jobvault.server.auth.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in Chromium against a real server: what an operator does with it, click by click. Each test signs in
 * through the login page as a person would. Screenshots go to target/screenshots, and also to the directory named by
 * the system property {@code jobvault.screenshots} (docs/dashboard.md takes its pictures from there).
 */
class DashboardBrowserTest {
    static final String ADMIN = "e2e-admin-token";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    JobvaultServer server;
    ChromeDriver browser;
    String base;
    final CountDownLatch halfway = new CountDownLatch(1);
    final CountDownLatch finish = new CountDownLatch(1);
    final AtomicInteger flakyRuns = new AtomicInteger();

    @BeforeEach
    void start() {
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 64 * 1024,
                "jdbc:sqlite:" + dir.resolve("jobvault.db"), ADMIN), b -> b.nodeId("e2e")
                .pollInterval(Duration.ofMillis(100)).queue("default", 4)
                .handler("e2e.steps", ctx -> { // 30%, then 70%, each held until the test lets it go on
                    ctx.progress(30, "rendering");
                    halfway.await();
                    ctx.progress(70, "uploading");
                    finish.await();
                    return JobOutcome.success("{\"pages\": 12}");
                })
                .handler("e2e.flaky", ctx -> flakyRuns.incrementAndGet() == 1
                        ? JobOutcome.discard("the printer was on fire") : JobOutcome.success())
                .handler("e2e.report", ctx -> JobOutcome.success()));
        base = "http://127.0.0.1:" + server.port();
        browser = Chromium.start(dir.resolve("profile"));
    }

    @AfterEach
    void stop() {
        halfway.countDown();
        finish.countDown();
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void signInLandsOnTheOverviewAndSignOutEndsTheSession() {
        browser.get(base + "/jobs");
        assertThat(browser.getCurrentUrl()).as("no session: the login page").startsWith(base + "/login");
        screenshot("login");
        signIn(ADMIN);
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).isNotBlank();

        browser.findElement(By.id("sign-out")).click();
        await().atMost(WAIT).until(() -> browser.getCurrentUrl().startsWith(base + "/login"));
        browser.get(base + "/jobs");
        assertThat(browser.getCurrentUrl()).as("signed out: the session is gone").startsWith(base + "/login");
    }

    @Test
    void aReadOnlyTokenSeesNoActionsAndItsForgedPostIsRefused() {
        UUID id = submit("e2e.flaky");
        await().atMost(WAIT).until(() -> server.jobvault().get(id).state() == JobState.DEAD);
        signIn(server.tokens().create("viewer", null, Set.of(Scope.READ)).secret());
        assertThat(browser.findElement(By.id("read-only")).isDisplayed()).isTrue();
        browser.get(base + "/jobs/" + id);
        assertThat(browser.findElements(By.cssSelector("#job-actions button"))).as("no action buttons").isEmpty();
        screenshot("job-read-only");

        // The form a write-scope session would have, posted from the page with this session's own CSRF token.
        Object status = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('input[name="_csrf"]').value;
                fetch('/jobs/' + arguments[0] + '/retry', {method: 'POST', headers: {'X-CSRF-Token': csrf}})
                    .then(r => done(r.status), e => done(String(e)));""", id.toString());
        assertThat(status).isEqualTo(403L);
        assertThat(server.jobvault().get(id).state()).as("nothing changed").isEqualTo(JobState.DEAD);
    }

    @Test
    void filterFindsTheDeadJobAndRetryRunsItAgain() {
        UUID id = submit("e2e.flaky");
        await().atMost(WAIT).until(() -> server.jobvault().get(id).state() == JobState.DEAD);
        signIn(ADMIN);
        browser.get(base + "/jobs");
        new Select(browser.findElement(By.id("filter-state"))).selectByVisibleText("dead");
        browser.findElement(By.id("filter-apply")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("job-" + id)).isEmpty());
        screenshot("jobs");
        browser.findElement(By.cssSelector("#job-" + id + " a")).click();
        await().atMost(WAIT).until(() -> browser.getCurrentUrl().endsWith("/jobs/" + id));
        screenshot("job");

        browser.findElement(By.id("action-retry")).click();
        await().atMost(WAIT).until(() -> server.jobvault().get(id).state() == JobState.SUCCEEDED);
        browser.navigate().refresh();
        await().atMost(WAIT).until(() -> browser.findElement(By.cssSelector("#job-state .state")).getText().equals("succeeded"));
        assertThat(flakyRuns).hasValue(2);
    }

    @Test
    void aRunningJobsProgressMovesWithoutAReload() {
        UUID id = submit("e2e.steps");
        signIn(ADMIN);
        browser.get(base + "/jobs/" + id);
        await().atMost(WAIT).until(() -> browser.findElement(By.id("job-progress-percent")).getText().equals("30%"));
        browser.executeScript("window.jobvaultNotReloaded = true;"); // gone if the page reloads
        screenshot("job-running");

        halfway.countDown();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("job-progress-percent")).getText().equals("70%"));
        assertThat(browser.executeScript("return window.jobvaultNotReloaded === true;")).as("updated in place").isEqualTo(true);
        assertThat(browser.findElement(By.id("job-progress-message")).getText()).isEqualTo("uploading");

        finish.countDown();
        await().atMost(WAIT).until(() -> browser.findElement(By.cssSelector("#job-state .state")).getText().equals("succeeded"));
    }

    @Test
    void anAdminPausesAQueueFromTheQueuesPage() {
        server.jobvault().submit(JobRequest.builder("e2e.flaky").delay(Duration.ofHours(1)).build());
        signIn(ADMIN);
        browser.findElement(By.id("nav-queues")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("pause-default")).isEmpty());
        browser.findElement(By.id("pause-default")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("resume-default")).isEmpty());
        assertThat(server.jobvault().pausedQueues()).containsKey("default");
        screenshot("queues");
        browser.findElement(By.id("resume-default")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("pause-default")).isEmpty());
        assertThat(server.jobvault().pausedQueues()).isEmpty();

        browser.executeScript("window.jobvaultNotReloaded = true;"); // gone if the page reloads
        server.jobvault().submit(JobRequest.builder("e2e.flaky").queue("reports").delay(Duration.ofHours(1)).build());
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("queue-reports")).isEmpty());
        assertThat(browser.executeScript("return window.jobvaultNotReloaded === true;")).as("a new queue shows without a reload")
                .isEqualTo(true);
    }

    @Test
    void aScheduleTriggeredWithAReasonFromItsPageShowsInTheAuditLog() {
        Schedules schedules = server.jobvault().schedules();
        schedules.put(Schedule.builder("report.daily", Timing.cron("0 6 * * *"), JobTemplate.of("e2e.report"))
                .keys(List.of("acme", "globex", "initech")).build(), Schedules.SOURCE_API);
        schedules.put(Schedule.builder("cleanup.hourly", Timing.every(Duration.ofHours(1)), JobTemplate.of("e2e.report")).build(),
                Schedules.SOURCE_API);
        signIn(ADMIN);
        browser.findElement(By.id("nav-schedules")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("schedule-report.daily")).isEmpty());
        browser.findElement(By.cssSelector("#schedule-report\\.daily a")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("trigger-form")).isEmpty());

        browser.findElement(By.id("trigger-reason")).sendKeys("globex missed its 06:00 report");
        new Select(browser.findElement(By.id("trigger-key"))).selectByVisibleText("globex");
        browser.findElement(By.id("trigger")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("action-done")).isEmpty());
        await().atMost(WAIT).until(() -> {
            browser.navigate().refresh();
            return browser.findElement(By.id("fires")).getText().contains("1/1 succeeded");
        });
        assertThat(browser.findElement(By.id("fires")).getText()).contains("manual", "globex missed its 06:00 report");
        screenshot("schedule");
        browser.findElement(By.id("nav-schedules")).click();
        await().atMost(WAIT).until(() -> browser.findElement(By.id("schedule-report.daily")).getText().contains("1/1 succeeded"));
        screenshot("schedules");

        browser.findElement(By.id("nav-audit")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("audit")).isEmpty());
        String newest = browser.findElement(By.cssSelector("#audit tbody tr")).getText();
        assertThat(newest).contains("schedule.trigger", "schedule:report.daily", "globex missed its 06:00 report",
                "\"via\":\"dashboard\"", "\"key\":\"globex\"");
    }

    @Test
    void theNodesAndHealthPagesShowThisServer() {
        List<UUID> done = IntStream.range(0, 3).mapToObj(i -> submit("e2e.report")).toList();
        server.jobvault().submit(JobRequest.builder("e2e.report").queue("reports").delay(Duration.ofHours(1)).build());
        await().atMost(WAIT).until(() -> done.stream().allMatch(id -> server.jobvault().get(id).state() == JobState.SUCCEEDED));
        signIn(ADMIN);
        browser.findElement(By.id("nav-nodes")).click();
        await().atMost(WAIT).until(() -> liveText("#node-e2e") != null);
        assertThat(liveText("#node-e2e")).contains("live", "leader", io.jobvault.Jobvault.VERSION);
        screenshot("nodes");
        browser.findElement(By.id("nav-health")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("health-summary")).isEmpty());
        assertThat(browser.findElement(By.id("health-status")).getText()).startsWith("Healthy");
        screenshot("health");
        browser.findElement(By.id("nav-alerts")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("open-h")).isEmpty());
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/schedules", "/alerts", "/nodes", "/health-report")) {
            browser.get(base + page);
            assertThat(fitsTheScreen()).as(page + " at 390 px").isTrue();
        }
    }

    @Test
    void aDeadJobsAlertShowsOnTheOpenAlertsPageWithoutAReload() {
        signIn(ADMIN);
        browser.findElement(By.id("nav-alerts")).click();
        await().atMost(WAIT).until(() -> liveText("#no-open-alerts") != null);
        browser.executeScript("window.jobvaultNotReloaded = true;"); // gone if the page reloads
        UUID id = submit("e2e.flaky"); // its first run is discarded: dead, alerted at the leader's next look (every 15 s)
        await().atMost(WAIT).until(() -> server.jobvault().get(id).state() == JobState.DEAD);
        await().atMost(Duration.ofSeconds(45)).until(() -> "1".equals(liveText("#open-count")));
        assertThat(liveText("#open-alerts")).contains("e2e.flaky", "warning", "job.dead");
        assertThat(browser.executeScript("return window.jobvaultNotReloaded === true;")).as("updated in place").isEqualTo(true);
        screenshot("alerts");
    }

    @Test
    void bulkCancelByFilterShowsHowManyFirstThenCancelsThem() {
        List<UUID> parked = IntStream.range(0, 3).mapToObj(i -> server.jobvault().submit(JobRequest.builder("e2e.flaky")
                .queue("parked").delay(Duration.ofHours(1)).build()).id()).toList();
        UUID other = server.jobvault().submit(JobRequest.builder("e2e.flaky").delay(Duration.ofHours(1)).build()).id();
        signIn(ADMIN);
        browser.get(base + "/jobs?queue=parked");
        browser.findElement(By.id("bulk-cancel")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("bulk-matched")).isEmpty());
        assertThat(browser.findElement(By.id("bulk-matched")).getText()).as("the preview count").isEqualTo("3");
        assertThat(parked).as("nothing changed yet").allSatisfy(id -> assertThat(server.jobvault().get(id).state()).isEqualTo(JobState.SCHEDULED));
        screenshot("bulk-preview");

        browser.findElement(By.id("bulk-confirm")).click();
        await().atMost(WAIT).until(() -> parked.stream().allMatch(id -> server.jobvault().get(id).state() == JobState.CANCELLED));
        await().atMost(WAIT).until(() -> "done".equals(liveText("#bulk-state")));
        assertThat(liveText("#bulk-done")).isEqualTo("3");
        assertThat(server.jobvault().get(other).state()).as("outside the filter").isEqualTo(JobState.SCHEDULED);
        screenshot("bulk-done");

        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat(fitsTheScreen()).as("the operation's page at 390 px").isTrue();
        browser.get(base + "/jobs?state=cancelled");
        assertThat(browser.findElement(By.id("bulk-retry")).isDisplayed()).isTrue();
        assertThat(fitsTheScreen()).as("the jobs page and its bulk buttons at 390 px").isTrue();
    }

    @Test
    void darkModeTogglesAndStays() {
        signIn(ADMIN);
        String before = theme();
        String background = background();
        browser.findElement(By.id("theme-toggle")).click();
        String after = theme();
        assertThat(after).isIn("dark", "light").isNotEqualTo(before);
        assertThat(background()).as("the page's colours follow").isNotEqualTo(background);
        browser.navigate().refresh();
        assertThat(theme()).as("kept across pages").isEqualTo(after);
    }

    @Test
    void theOverviewChartsRunsFollowsTheThemeAndUpdatesLive() {
        UUID dead = submit("e2e.flaky"); // the first run is discarded: a failed attempt, a dead job
        await().atMost(WAIT).until(() -> server.jobvault().get(dead).state() == JobState.DEAD);
        List<UUID> ok = IntStream.range(0, 3).mapToObj(i -> submit("e2e.flaky")).toList();
        await().atMost(WAIT).until(() -> ok.stream().allMatch(id -> server.jobvault().get(id).state() == JobState.SUCCEEDED));
        await().atMost(WAIT).until(() -> server.jobvault().throughput(java.time.Instant.now().minus(Duration.ofHours(1)), null)
                .stream().filter(r -> r.outcome() == io.jobvault.FinishedRuns.Outcome.SUCCEEDED).mapToLong(r -> r.count()).sum() == 3);
        signIn(ADMIN);
        await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector("#chart-hour canvas")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#chart-day canvas"))).as("uPlot drew both charts").isNotEmpty();
        assertThat(liveText("#throughput-hour td:last-child")).isEqualTo("25.0 %");
        screenshot("overview");

        browser.executeScript("window.jobvaultNotReloaded = true;");
        server.jobvault().submit(JobRequest.builder("e2e.flaky").delay(Duration.ofHours(1)).build());
        await().atMost(WAIT).until(() -> "1".equals(liveText("#total-scheduled")));
        assertThat(browser.executeScript("return window.jobvaultNotReloaded === true;")).as("updated in place").isEqualTo(true);

        // A hidden tab closes its stream; shown again, it opens a new one and goes on updating.
        browser.executeScript("""
                window.jvStreams = {opened: 0, closed: 0};
                const Original = window.EventSource;
                window.EventSource = function (url) { window.jvStreams.opened++; return new Original(url); };
                const close = Original.prototype.close;
                Original.prototype.close = function () { window.jvStreams.closed++; return close.call(this); };
                window.jvSetHidden = hidden => {
                    Object.defineProperty(document, 'hidden', {get: () => hidden, configurable: true});
                    document.dispatchEvent(new Event('visibilitychange'));
                };
                window.jvViolations = [];
                document.addEventListener('securitypolicyviolation', e => window.jvViolations.push(e.violatedDirective));
                jvSetHidden(true);""");
        assertThat(browser.executeScript("return window.jvStreams.closed;")).as("hidden: stream closed").isEqualTo(1L);
        browser.executeScript("jvSetHidden(false);");
        assertThat(browser.executeScript("return window.jvStreams.opened;")).as("shown: stream opened again").isEqualTo(1L);
        server.jobvault().submit(JobRequest.builder("e2e.flaky").delay(Duration.ofHours(1)).build());
        await().atMost(WAIT).until(() -> "2".equals(liveText("#total-scheduled")));

        if (!theme().equals("dark")) browser.findElement(By.id("theme-toggle")).click();
        assertThat(browser.findElements(By.cssSelector("#chart-hour canvas"))).as("redrawn in the dark colours").hasSize(1);
        screenshot("overview-dark");

        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(WAIT).until(() -> (Boolean) browser.executeScript("""
                const box = document.getElementById('chart-hour');
                return box.querySelector('canvas').getBoundingClientRect().width <= box.clientWidth;""")); // redrawn to fit
        assertThat(fitsTheScreen()).as("nothing wider than the phone's screen").isTrue();
        assertThat(browser.executeScript("return window.jvViolations;")).as("no CSP violation while redrawing").isEqualTo(List.of());
        screenshot("overview-phone");
    }

    private void signIn(String token) {
        browser.get(base + "/login");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        await().atMost(WAIT).until(() -> !browser.getCurrentUrl().startsWith(base + "/login"));
    }

    private UUID submit(String type) {
        return server.jobvault().submit(JobRequest.builder(type).build()).id();
    }

    /** The theme in effect: the page's choice, or the OS's (headless Chromium: light). */
    private String theme() {
        return (String) browser.executeScript("""
                const t = document.documentElement.getAttribute('data-theme');
                return t ? t : (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');""");
    }

    /**
     * The text of an element in a live region, read in one step: the region may be swapped between finding an element
     * and reading it (a stale element). Null while there is none.
     */
    private String liveText(String css) {
        return (String) browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
    }

    /** Nothing on the page is wider than the window (wide tables scroll in their own box). */
    private boolean fitsTheScreen() {
        return (Boolean) browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
    }

    private String background() {
        return (String) browser.executeScript("return getComputedStyle(document.body).backgroundColor;");
    }

    private void screenshot(String name) {
        try {
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Path out = Path.of("target", "screenshots");
            Files.createDirectories(out);
            Files.copy(shot, out.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            String docs = System.getProperty("jobvault.screenshots");
            if (docs != null) Files.copy(shot, Files.createDirectories(Path.of(docs)).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
