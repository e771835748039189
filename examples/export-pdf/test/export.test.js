// The PDF-export post-mortem's flow, end to end in Chromium: the page asks the backend for an export, the backend
// submits it to Jobvault (a submit token) and mints a read token, the page follows the job with useJob. The backend is
// killed and started again while the export waits; the page, reloaded, picks the same export up, sees it finish and
// downloads the PDF.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { JobvaultClient } from "jobvault-client";
import { cli, startServer } from "../../../clients/typescript/test/server.js";
import { freePort, startChromium, unavailable } from "./chromium.js";

const example = fileURLToPath(new URL("..", import.meta.url));
const missing = unavailable();
if (missing) console.log(`# export-pdf browser test skipped: ${missing}`);

let jobvault;
let admin;
let port;
let submitToken;
let backend;
let browser;
let dir;

/** Starts `node server.js` on `port`; resolves once it listens. */
async function startBackend() {
  const child = spawn(process.execPath, ["server.js"], {
    cwd: example,
    env: { ...process.env, PORT: String(port), JOBVAULT_URL: jobvault.baseUrl, JOBVAULT_TOKEN: submitToken },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      output += d;
      if (output.includes("export-pdf backend on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the backend exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners("exit");
  return child;
}

before(async () => {
  if (missing) return;
  const built = spawnSync("npm", ["run", "build"], { cwd: example, encoding: "utf8" });
  assert.equal(built.status, 0, `npm run build:\n${built.stdout}${built.stderr}`);
  dir = mkdtempSync(join(tmpdir(), "jobvault-export-pdf-"));
  port = await freePort();
  jobvault = await startServer(["--cors-origin", `http://127.0.0.1:${port}`]);
  admin = new JobvaultClient({ baseUrl: jobvault.baseUrl, token: jobvault.adminToken });
  submitToken = cli(["token", "create", "--scopes", "submit", "--name", "export-pdf", "--data", jobvault.data]).split(/\s/)[0];
  assert.match(submitToken, /^jv_/);
  backend = await startBackend();
  browser = await startChromium({ profile: join(dir, "profile"), downloads: join(dir, "downloads") });
});

after(async () => {
  await browser?.quit();
  backend?.kill("SIGKILL");
  await jobvault?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("export, backend restarted meanwhile, the page follows the job with useJob and downloads the PDF",
  { skip: missing && `skipped: ${missing}` }, async () => {
    // the workers are busy: the export waits in its queue while the backend goes down and up again
    await admin.request("POST", "/v1/queues/default/pause");
    await browser.open(`http://127.0.0.1:${port}/`);
    await browser.click("#export");
    await browser.until("#state", (s) => s === "available", "the page follows the new export");
    const id = await browser.text("#job");
    assert.match(await browser.url(), new RegExp(`#export=${id}$`));

    backend.kill("SIGKILL"); // a crash, not a graceful stop: the backend holds nothing the export needs
    await once(backend, "exit");
    backend = await startBackend();
    await browser.refresh(); // the page comes back: a fresh read token from the new backend process
    await browser.until("#state", (s) => s === "available", "the reloaded page follows the same export");
    assert.equal(await browser.text("#job"), id);

    await admin.request("POST", "/v1/queues/default/resume");
    await browser.until("#state", (s) => s === "succeeded", "the export finishes");
    assert.equal(await browser.run("return document.querySelector('#progress').value"), 100);
    assert.match(await browser.text("#message"), /rendered page 5 of 5/);

    await browser.until("#download", (s) => /Download report\.pdf/.test(s ?? ""), "the page offers the PDF");
    await browser.click("#download");
    await browser.until("#downloaded", (s) => s !== null, "the page downloaded the PDF");
    const file = join(dir, "downloads", "report.pdf");
    const deadline = Date.now() + 20_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(file), `no report.pdf in the downloads: ${readdirSync(join(dir, "downloads"))}`);
    const pdf = readFileSync(file);
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const job = await admin.get(id);
    assert.equal(pdf.length, job.artifacts[0].size);
    assert.deepEqual(job.result, { pages: 5, bytes: pdf.length });

    const exports = await admin.list({ type: "demo.report" });
    assert.deepEqual(exports.items.map((j) => j.id), [id], "one export, however the backend fared");
  });
