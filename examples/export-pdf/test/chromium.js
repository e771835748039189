// Debian's Chromium driven through its ChromeDriver over the W3C WebDriver protocol (plain fetch: no client library),
// as the Java browser tests do with Selenium. Headless, with a fresh profile and downloads saved to a given folder.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

const BROWSER = "/usr/bin/chromium";
const DRIVER = "/usr/bin/chromedriver";
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** Why there is no browser to test in, or undefined when Chromium and its driver are installed. */
export function unavailable() {
  if (existsSync(BROWSER) && existsSync(DRIVER)) return undefined;
  return `Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; the jobvault-e2e module installs them when it runs first as root)`;
}

/** A free loopback port (for a server that must keep its port across a restart). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Starts ChromeDriver and a headless Chromium session: {session calls…, quit()}. */
export async function startChromium({ profile, downloads }) {
  const port = await freePort();
  const driver = spawn(DRIVER, [`--port=${port}`], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  driver.stdout.on("data", (d) => (log += d));
  driver.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) { // up once it answers /status
    try {
      if ((await (await fetch(`${base}/status`)).json()).value.ready) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      driver.kill();
      throw new Error(`chromedriver did not start within 20 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const call = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${answer.value?.error}: ${answer.value?.message}`);
    return answer.value;
  };
  let session;
  try {
    session = (await call("POST", "/session", { capabilities: { alwaysMatch: { browserName: "chrome", "goog:chromeOptions": {
      binary: BROWSER,
      // the flags keep Chromium off the network it cannot reach here, and let it run as root in a container
      args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,900", `--user-data-dir=${profile}`],
      prefs: { "download.default_directory": downloads, "download.prompt_for_download": false },
    } } } })).sessionId;
  } catch (err) {
    driver.kill();
    throw err;
  }
  const s = `/session/${session}`;
  return {
    open: (url) => call("POST", `${s}/url`, { url }),
    refresh: () => call("POST", `${s}/refresh`, {}),
    url: () => call("GET", `${s}/url`),
    /** Runs a script in the page: its return value. */
    run: (script, ...args) => call("POST", `${s}/execute/sync`, { script, args }),
    /** The text of the element `css` selects, or null when there is none. */
    text: (css) => call("POST", `${s}/execute/sync`, { script: "return document.querySelector(arguments[0])?.textContent ?? null", args: [css] }),
    async click(css) {
      const el = await call("POST", `${s}/element`, { using: "css selector", value: css });
      await call("POST", `${s}/element/${el[ELEMENT]}/click`, {});
    },
    /** Resolves once the page's `css` text passes `check`, or rejects (with the page's text) after `ms`. */
    async until(css, check, what, ms = 30_000) {
      const end = Date.now() + ms;
      for (;;) {
        const text = await this.text(css);
        if (check(text)) return text;
        if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms; ${css} shows ${JSON.stringify(text)}; page: ${await this.text("body")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async quit() {
      await call("DELETE", s).catch(() => {});
      driver.kill();
    },
  };
}
