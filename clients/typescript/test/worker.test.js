import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { Readable } from "node:stream";
import { Cancel, Fail, JobvaultClient, Retry, Snooze, Worker } from "../src/index.js";
import { startServer } from "./server.js";

let server;
let client;

/** A queue of its own per test, so no other test's worker (nor the server's demo handlers) takes its jobs. */
function queue() {
  return `ts-worker-${randomUUID().slice(0, 8)}`;
}

function worker(q, options = {}) {
  return new Worker(client, { queues: [q], name: "ts-test", heartbeatIntervalMs: 200, pollWaitSeconds: 5, ...options });
}

/** Resolves once `check` answers true (it is asked every 50 ms), or rejects after `ms`. */
async function until(check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function attempts(id) {
  return (await client.request("GET", `/v1/jobs/${id}/attempts`)).items;
}

describe("Worker against a real server", () => {
  before(async () => {
    server = await startServer();
    client = new JobvaultClient({ baseUrl: server.baseUrl, token: server.adminToken });
  });

  after(async () => {
    await server?.stop();
  });

  test("runs a handler: progress reaches the job while it runs, artifacts upload, the result completes it", async () => {
    const q = queue();
    let release;
    const released = new Promise((r) => (release = r));
    const w = worker(q).handle("ts.render", async (ctx) => {
      ctx.progress(40, "frame 40/100");
      await released;
      const bytes = new TextEncoder().encode(`video of ${ctx.payload.title}`);
      await ctx.upload("out.txt", bytes, "text/plain");
      await ctx.upload("streamed.bin", Readable.from([Buffer.from("ab"), Buffer.from("cd")]));
      return { frames: 100, attempt: ctx.attempt };
    });
    await w.start();
    try {
      const job = await client.submit({ type: "ts.render", queue: q, payload: { title: "Q3" } });
      for await (const e of client.events(job.id)) {
        if (e.job.state === "running" && e.job.progress?.percent === 40) {
          assert.equal(e.job.progress.message, "frame 40/100");
          release();
        }
      }
      const done = await client.get(job.id);
      assert.equal(done.state, "succeeded", done.lastError);
      assert.deepEqual(done.result, { frames: 100, attempt: 1 });
      const out = await client.downloadArtifact(job.id, "out.txt");
      assert.equal(new TextDecoder().decode(out.bytes), "video of Q3");
      assert.equal(out.sha256, createHash("sha256").update("video of Q3").digest("hex"));
      assert.equal(new TextDecoder().decode((await client.downloadArtifact(job.id, "streamed.bin")).bytes), "abcd");
    } finally {
      await w.stop();
    }
  });

  test("outcomes: Retry, Fail, Snooze, Cancel, and any other error with its stack trace", async () => {
    const q = queue();
    const w = worker(q, { concurrency: 5 })
      .handle("ts.retry", () => { throw new Retry("upstream 503", { afterMs: 3_600_000 }); })
      .handle("ts.fail", () => { throw new Fail("bad input"); })
      .handle("ts.snooze", () => { throw new Snooze(3_600_000, "rate limited"); })
      .handle("ts.cancel", () => { throw new Cancel("order withdrawn"); })
      .handle("ts.throw", () => { throw new TypeError("undefined is not a function"); });
    await w.start();
    try {
      const submit = (type) => client.submit({ type, queue: q, maxAttempts: 3 }).then((j) => j.id);
      const [retry, fail, snooze, cancel, thrown] = await Promise.all(
        ["ts.retry", "ts.fail", "ts.snooze", "ts.cancel", "ts.throw"].map(submit));
      const settled = async (id, states) => {
        await until(async () => states.includes((await client.get(id)).state), `${id} in ${states}`);
        return client.get(id);
      };
      const r = await settled(retry, ["retrying"]);
      assert.equal(r.attempt, 1);
      assert.match(r.lastError, /upstream 503/);
      assert.ok(Date.parse(r.runAt) > Date.now() + 3_000_000, "waits the delay the handler asked for");
      assert.equal((await settled(fail, ["dead"])).lastError, "bad input");
      const s = await settled(snooze, ["scheduled"]);
      assert.equal(s.attempt, 0, "a snooze uses no attempt");
      assert.ok(Date.parse(s.runAt) > Date.now() + 3_000_000);
      assert.equal((await settled(cancel, ["cancelled"])).state, "cancelled");
      await settled(thrown, ["retrying"]);
      const [run] = await attempts(thrown);
      assert.equal(run.errorType, "TypeError");
      assert.match(run.stackTrace, /worker\.test\.js/);
    } finally {
      await w.stop();
    }
  });

  test("a cancel requested while the handler runs aborts its signal and ends the job cancelled", async () => {
    const q = queue();
    let started;
    const running = new Promise((r) => (started = r));
    const w = worker(q).handle("ts.long", async (ctx) => {
      started();
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      assert.equal(ctx.stopReason, "cancelled");
      ctx.throwIfStopped();
    });
    await w.start();
    try {
      const job = await client.submit({ type: "ts.long", queue: q });
      await running;
      await client.cancel(job.id);
      assert.equal((await client.wait(job.id, { timeoutMs: 20_000 })).state, "cancelled");
    } finally {
      await w.stop();
    }
  });

  test("a deleted job's handler is told its lease is lost, and nothing is reported for it", async () => {
    const q = queue();
    let started;
    const running = new Promise((r) => (started = r));
    let reason;
    const w = worker(q).handle("ts.long", async (ctx) => {
      started();
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      reason = ctx.stopReason;
    });
    await w.start();
    try {
      const job = await client.submit({ type: "ts.long", queue: q });
      await running;
      await client.delete(job.id);
      await until(() => reason !== undefined && w.running === 0, "the handler stopped");
      assert.equal(reason, "lease lost");
    } finally {
      await w.stop();
    }
  });

  test("stop hands unfinished jobs back at once, using no attempt; another worker then runs them", async () => {
    const q = queue();
    let started = 0;
    let resolve;
    const both = { promise: new Promise((r) => (resolve = r)), resolve: () => resolve() };
    const first = worker(q)
      .handle("ts.polite", async (ctx) => { // stops when told: handed back at once
        if (++started === 2) both.resolve();
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        ctx.throwIfStopped();
      })
      .handle("ts.stubborn", async () => { // ignores the stop: handed back after the grace period
        if (++started === 2) both.resolve();
        await new Promise((r) => setTimeout(r, 3_000));
        return "too late";
      });
    await first.start();
    const polite = await client.submit({ type: "ts.polite", queue: q });
    const stubborn = await client.submit({ type: "ts.stubborn", queue: q });
    await both.promise;
    const t0 = Date.now();
    await first.stop({ graceMs: 300 });
    assert.ok(Date.now() - t0 < 2_500, "the stop did not wait for the stubborn handler");
    for (const id of [polite.id, stubborn.id]) {
      const job = await client.get(id);
      assert.ok(["available", "scheduled"].includes(job.state), job.state);
      assert.equal(job.attempt, 0, "handing back uses no attempt");
      assert.ok(Date.parse(job.runAt) <= Date.now() + 1_000, "runs again at once, not after the lease");
    }
    const second = worker(q).handle("ts.polite", () => "second").handle("ts.stubborn", () => "second");
    await second.start();
    try {
      for (const id of [polite.id, stubborn.id]) {
        const done = await client.wait(id, { timeoutMs: 20_000 });
        assert.equal(done.state, "succeeded");
        assert.equal(done.result, "second", "the first worker's late result was not recorded");
        assert.equal(done.attempt, 1);
      }
    } finally {
      await second.stop();
    }
  });

  test("SIGTERM stops a worker process gracefully and hands its job back", async () => {
    const q = queue();
    const child = spawn(process.execPath, [new URL("./fixtures/sigterm-worker.js", import.meta.url).pathname], {
      env: { ...process.env, JOBVAULT_URL: server.baseUrl, JOBVAULT_TOKEN: server.adminToken, QUEUE: q },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    try {
      const job = await client.submit({ type: "ts.long", queue: q });
      await until(() => output.includes(`started ${job.id}`), "the worker process started the job");
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      assert.equal(code, 0, output);
      assert.match(output, /stopped/);
      const back = await client.get(job.id);
      assert.ok(["available", "scheduled"].includes(back.state), back.state);
      assert.equal(back.attempt, 0);
      assert.equal((await attempts(job.id)).at(-1).outcome, "snoozed");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
