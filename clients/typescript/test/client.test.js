import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { JobvaultClient, JobvaultError, isTerminal } from "../src/index.js";
import { startServer } from "./server.js";

let server;
let client;

// one server for every test; the hooks sit in one outer suite (Node 20 runs file-level hooks at odd times)
describe("JobvaultClient against a real server", () => {
before(async () => {
  server = await startServer();
  client = new JobvaultClient({ baseUrl: server.baseUrl, token: server.adminToken });
});

after(async () => {
  await server?.stop();
});

describe("jobs", () => {
  test("submit stores a job; the same idempotency key returns it again", async () => {
    const key = `order-${randomUUID()}`;
    const first = await client.submit({ type: "demo.sleep", payload: { ms: 10 } }, { idempotencyKey: key });
    assert.equal(first.submitStatus, "created");
    assert.equal(first.type, "demo.sleep");
    const again = await client.submit({ type: "demo.sleep", payload: { ms: 10 } }, { idempotencyKey: key });
    assert.equal(again.submitStatus, "duplicate");
    assert.equal(again.id, first.id);
    const reused = await client.submit({ type: "demo.sleep", payload: { ms: 20 } }, { idempotencyKey: key }).catch((e) => e);
    assert.ok(reused instanceof JobvaultError);
    assert.equal(reused.status, 409);
    assert.equal(reused.slug, "idempotency-key-reused");
  });

  test("wait resolves with the finished job; get reads it", async () => {
    const job = await client.submit({ type: "demo.sleep", payload: { ms: 50 } });
    const done = await client.wait(job.id, { timeoutMs: 30_000 });
    assert.equal(done.state, "succeeded");
    assert.ok(isTerminal(done));
    assert.deepEqual(done.result, { sleptMs: 50 });
    assert.equal((await client.get(done.id)).state, "succeeded");
  });

  test("list pages through jobs with cursors", async () => {
    const type = "demo.fail";
    const ids = new Set();
    for (let i = 0; i < 5; i++) ids.add((await client.submit({ type, delay: "1h", labels: { page: "t" } })).id);
    const first = await client.list({ type, state: "scheduled", limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const seen = [];
    for await (const job of client.listAll({ type, state: "scheduled", limit: 2 })) seen.push(job.id);
    for (const id of ids) assert.ok(seen.includes(id), `listAll missed ${id}`);
    assert.equal(new Set(seen).size, seen.length, "no job twice");
  });

  test("cancel, retry and delete", async () => {
    const job = await client.submit({ type: "demo.sleep", delay: "1h" });
    assert.equal((await client.cancel(job.id)).state, "cancelled");
    const retried = await client.retry(job.id);
    assert.ok(["available", "running", "succeeded"].includes(retried.state), retried.state);
    await client.wait(job.id, { timeoutMs: 30_000 });
    await client.delete(job.id);
    const gone = await client.get(job.id).catch((e) => e);
    assert.ok(gone instanceof JobvaultError);
    assert.equal(gone.status, 410);
  });

  test("errors carry the problem details", async () => {
    const missing = await client.get(randomUUID()).catch((e) => e);
    assert.ok(missing instanceof JobvaultError);
    assert.equal(missing.status, 404);
    assert.match(missing.type, /^https:\/\/jobvault\.io\/problems\//);
    assert.ok(missing.title);
    assert.ok(missing.detail);
    assert.ok(missing.hint);

    const invalid = await client.submit({ type: "demo.sleep", priority: 5000 }).catch((e) => e);
    assert.equal(invalid.status, 422);
    assert.ok(invalid.errors.some((e) => e.includes("priority")), JSON.stringify(invalid.errors));

    const anonymous = new JobvaultClient({ baseUrl: server.baseUrl });
    const refused = await anonymous.list().catch((e) => e);
    assert.equal(refused.status, 401);
    assert.equal(refused.slug, "unauthorized");
  });
});

describe("events", () => {
  test("the stream yields progress and ends after the terminal state", async () => {
    const job = await client.submit({ type: "demo.sleep", payload: { ms: 500 } });
    const events = [];
    for await (const e of client.events(job.id)) events.push(e);
    const last = events.at(-1);
    assert.equal(last.type, "state");
    assert.equal(last.job.state, "succeeded");
    assert.ok(events.length >= 2, `events: ${events.map((e) => e.type).join(",")}`);
  });

  test("falls back to polling when the stream cannot be opened", async () => {
    const job = await client.submit({ type: "demo.sleep", payload: { ms: 200 } });
    // a fetch that fails every events stream, as a proxy that buffers or refuses SSE would
    const noStreams = (url, init) => (String(url).endsWith("/events")
      ? Promise.reject(new TypeError("fetch failed")) : fetch(url, init));
    const polling = new JobvaultClient({ baseUrl: server.baseUrl, token: server.adminToken, fetch: noStreams });
    const events = [];
    for await (const e of polling.events(job.id)) events.push(e);
    assert.equal(events.at(-1).job.state, "succeeded");
  });

  test("a refused stream throws instead of polling", async () => {
    const stranger = new JobvaultClient({ baseUrl: server.baseUrl, token: "jv_nope" });
    const job = await client.submit({ type: "demo.sleep", payload: { ms: 1 } });
    await assert.rejects(async () => {
      for await (const _ of stranger.events(job.id)) { /* none */ }
    }, (e) => e instanceof JobvaultError && e.status === 401);
  });
});

describe("artifacts", () => {
  test("download and signed URL of a report", async () => {
    const job = await client.submit({ type: "demo.report", payload: { title: "TS", pages: 1 } });
    const done = await client.wait(job.id, { timeoutMs: 60_000 });
    assert.equal(done.state, "succeeded", done.lastError);
    const meta = done.artifacts.find((a) => a.name === "report.pdf");
    const file = await client.downloadArtifact(job.id, "report.pdf");
    assert.equal(file.contentType, "application/pdf");
    assert.equal(new TextDecoder().decode(file.bytes.slice(0, 5)), "%PDF-");
    assert.equal(createHash("sha256").update(file.bytes).digest("hex"), meta.sha256);
    assert.equal(file.sha256, meta.sha256);

    const url = client.artifactUrl(done, "report.pdf");
    assert.match(url, /sig=/);
    const res = await fetch(url); // no token: the link is signed
    assert.equal(res.status, 200);
    assert.equal(client.artifactUrl(job.id, "a b.pdf"), `${server.baseUrl}/v1/jobs/${job.id}/artifacts/a%20b.pdf`);
  });
});

describe("read tokens", () => {
  test("a browser's token reads its job and its events only", async () => {
    const job = await client.submit({ type: "demo.sleep", payload: { ms: 10 } }, { readToken: true });
    assert.match(job.readToken.token, /^jvr_/);
    const browser = new JobvaultClient({ baseUrl: server.baseUrl, token: job.readToken.token });
    assert.equal((await browser.wait(job.id, { timeoutMs: 30_000 })).state, "succeeded");
    const other = await client.submit({ type: "demo.sleep", payload: { ms: 10 } });
    const refused = await browser.get(other.id).catch((e) => e);
    assert.equal(refused.status, 403);
    const minted = await client.readToken(other.id, { ttl: "5m" });
    assert.ok(Date.parse(minted.expiresAt) > Date.now());
  });
});

describe("schedules", () => {
  test("list and trigger", async () => {
    const res = await fetch(`${server.baseUrl}/v1/schedules/ts.nightly`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ cron: "0 3 * * *", job: { type: "demo.sleep", payload: { ms: 1 } } }),
    });
    assert.ok(res.ok, await res.text());
    const schedules = await client.listSchedules();
    assert.ok(schedules.items.some((s) => s.id === "ts.nightly"));
    const fired = await client.triggerSchedule("ts.nightly", { reason: "the TypeScript client's test" });
    assert.equal(fired.jobs.length, 1);
    assert.equal((await client.get(fired.jobs[0])).type, "demo.sleep");
    const missing = await client.triggerSchedule("ts.none", { reason: "none" }).catch((e) => e);
    assert.equal(missing.status, 404);
  });
});
});
