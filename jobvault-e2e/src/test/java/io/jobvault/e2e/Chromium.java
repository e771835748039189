package io.jobvault.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and its ChromeDriver (packages {@code chromium}, {@code chromium-driver}), installed on first use
 * where they are missing and this process may install packages. Where they cannot be had, tests that need them are
 * skipped with the reason, never failed and never silently passed.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static String unavailable; // why not, once known; null while unknown or when present

    private Chromium() {}

    /** A headless browser at 1280×900 with a fresh profile; skips the calling test when there is none to be had. */
    static ChromeDriver start(Path profile) {
        ensureInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // The flags keep Chromium off the network it cannot reach here (it would retry Google's hosts at every start)
        // and let it run as root in a container.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    static synchronized void ensureInstalled() {
        if (unavailable == null && !present()) unavailable = install();
        Assumptions.assumeTrue(unavailable == null, () -> "browser tests skipped: " + unavailable);
    }

    private static boolean present() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /** Installs both packages with apt-get; returns why it could not, or null once both are there. */
    private static String install() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "chromium and chromium-driver are not installed and there is no apt-get to install them";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "chromium and chromium-driver are not installed; install them (apt-get install chromium chromium-driver)";
        }
        System.err.println("[jobvault-e2e] installing Debian's chromium and chromium-driver for the browser tests…");
        try {
            List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver");
            int exit = run(install);
            if (exit != 0 && run(List.of("apt-get", "update")) == 0) exit = run(install); // stale package lists
            if (exit < 0) return "apt-get did not finish within " + INSTALL_TIMEOUT.toMinutes() + " minutes";
            if (exit != 0) return "apt-get install chromium chromium-driver failed (exit " + exit + "); run it by hand to see why";
        } catch (IOException e) {
            return "apt-get could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while installing chromium";
        }
        return present() ? null : "apt-get installed chromium but " + BROWSER + " or " + DRIVER + " is still missing";
    }

    /** Runs a command to its end; its exit status, or -1 when it ran past the install timeout (then it is killed). */
    private static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
