package io.jobvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The browser tests' own footing: Chromium, driven by Selenium, reaches a real server on a loopback port. */
class BrowserHarnessTest {
    @TempDir
    Path dir;
    JobvaultServer server;
    ChromeDriver browser;

    @BeforeEach
    void start() {
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 64 * 1024,
                "jdbc:sqlite:" + dir.resolve("jobvault.db"), "e2e-admin-token"), b -> b.nodeId("e2e"));
        browser = Chromium.start(dir.resolve("profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void theBrowserLoadsAPageOfTheServer() {
        browser.get("http://127.0.0.1:" + server.port() + "/health/live");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("\"status\"", "\"up\"");
    }
}
