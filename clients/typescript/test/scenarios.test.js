// The shared client scenarios (clients/scenarios.json), run with this client against a real server: one test each.
// The Java and Python clients run the same file; the format is described in docs/clients.md.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JobvaultClient, JobvaultError, Snooze, Worker } from "../src/index.js";
import { startServer } from "./server.js";

const file = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios.json");
const spec = JSON.parse(readFileSync(file, "utf8"));
const REF = /\$\{([^}]+)\}/g;

let server;
let client;

describe("client scenarios (clients/scenarios.json)", () => {
  before(async () => {
    server = await startServer(["--types", spec.server.types.join(","), "--prune-interval", spec.server.pruneInterval]);
    client = new JobvaultClient({ baseUrl: server.baseUrl, token: server.adminToken });
  });

  after(async () => {
    await server?.stop();
  });

  test("the file has every scenario the clients agree on", () => {
    assert.ok(spec.scenarios.length >= 8);
  });

  for (const scenario of spec.scenarios) {
    test(scenario.name, async () => {
      const run = new Run();
      try {
        for (const [i, step] of scenario.steps.entries()) await run.step(i, step);
      } finally {
        await run.close();
      }
    });
  }
});

/**
 * The one handler the scenarios' jobs run: the job's payload says what it does (`do`). Records each job's runs and
 * whether its handler was told to stop, for `awaitHandler` and `handlerRuns`.
 */
class Handlers {
  runs = new Map();
  events = new Map(); // "started:ID" | "stopped:ID" → {promise, resolve}

  event(kind, id) {
    const key = `${kind}:${id}`;
    if (!this.events.has(key)) {
      let resolve;
      const promise = new Promise((r) => (resolve = r));
      this.events.set(key, { promise, resolve });
    }
    return this.events.get(key);
  }

  handle = async (ctx) => {
    const run = (this.runs.get(ctx.id) ?? 0) + 1;
    this.runs.set(ctx.id, run);
    this.event("started", ctx.id).resolve();
    const p = ctx.payload ?? {};
    switch (p.do ?? "succeed") {
      case "succeed":
        await delay((p.after ?? 0) * 1000); // the work takes that long
        return p.result;
      case "snoozeOnce":
        if (run === 1) throw new Snooze(p.seconds * 1000, "scenario snooze");
        return p.result;
      case "upload": {
        const a = await ctx.upload(p.name, new TextEncoder().encode(p.text), p.contentType);
        return { sha256: a.sha256, size: a.size };
      }
      case "block": {
        const stopped = await Promise.race([
          new Promise((r) => (ctx.signal.aborted ? r(true) : ctx.signal.addEventListener("abort", () => r(true)))),
          delay(60_000).then(() => false),
        ]);
        if (!stopped) throw new Error("the handler was never told to stop");
        this.event("stopped", ctx.id).resolve();
        ctx.throwIfStopped(); // throws Stopped: the worker does what the stop's reason asks
        return undefined;
      }
      default:
        throw new Error(`unknown scenario handler action ${p.do}`);
    }
  };
}

/** One scenario's run: its queue, saved values, handler and worker. */
class Run {
  constructor() {
    const unique = randomUUID().replaceAll("-", "").slice(0, 12);
    this.saved = { queue: `scn-ts-${unique}`, unique };
    this.handlers = new Handlers();
    this.worker = undefined;
  }

  async call(op, args) {
    switch (op) {
      case "submit": {
        const { idempotencyKey, ...request } = args;
        return client.submit(request, { idempotencyKey });
      }
      case "get":
        return client.get(args.id);
      case "wait":
        return client.wait(args.id, { timeoutMs: args.timeout * 1000 });
      case "cancel":
        return client.cancel(args.id);
      case "delete":
        return client.delete(args.id);
      case "events": {
        let last;
        for await (const e of client.events(args.id)) last = e.job;
        return { last };
      }
      case "download": {
        const { bytes } = await client.downloadArtifact(args.id, args.name);
        return { text: new TextDecoder().decode(bytes), sha256: createHash("sha256").update(bytes).digest("hex") };
      }
      case "corruptStoredArtifact":
        return corruptStoredArtifact(join(server.data, "artifacts"), args.id, args.name);
      case "startWorker":
        this.worker = new Worker(client, { queues: [this.saved.queue], name: "scenario-ts",
          heartbeatIntervalMs: spec.worker.heartbeatInterval * 1000, pollWaitSeconds: spec.worker.pollWait })
          .handle("scenario.work", this.handlers.handle);
        await this.worker.start();
        return undefined;
      case "stopWorker": {
        const w = this.worker;
        this.worker = undefined;
        assert.ok(w, "stopWorker without startWorker");
        await w.stop({ graceMs: args.grace * 1000 });
        return undefined;
      }
      case "awaitHandler": {
        const seen = await Promise.race([this.handlers.event(args.event, args.id).promise.then(() => true),
          delay(args.timeout * 1000).then(() => false)]);
        if (!seen) throw new Error(`the handler of job ${args.id} was not ${args.event} within ${args.timeout} s`);
        return undefined;
      }
      case "handlerRuns":
        return this.handlers.runs.get(args.id) ?? 0;
      default:
        throw new Error(`unknown scenario operation ${op}`);
    }
  }

  async step(i, step) {
    const args = substitute(step.args ?? {}, this.saved);
    const expect = substitute(step.expect ?? {}, this.saved);
    const deadline = Date.now() + (step.within ?? 0) * 1000;
    for (;;) {
      const problem = await this.attempt(step.op, args, expect, step.save);
      if (problem === undefined) return;
      if (Date.now() >= deadline) assert.fail(`step ${i + 1} (${step.op} ${JSON.stringify(args)}): ${problem}`);
      await delay(100); // "within": the server gets there in its own time (a pruner pass); look again
    }
  }

  async attempt(op, args, expect, save) {
    let result;
    try {
      result = await this.call(op, args);
    } catch (err) {
      if (!(err instanceof JobvaultError)) throw err;
      if (!expect.problem) return `failed with ${err.status} ${err.slug}: ${err.message}`;
      return mismatch(expect.problem, { status: err.status, type: err.slug }, "problem");
    }
    if (expect.problem) return `expected the problem ${JSON.stringify(expect.problem)}, got ${JSON.stringify(result)?.slice(0, 300)}`;
    if (save) this.saved[save] = result;
    if ("job" in expect) return mismatch(expect.job, result, "job");
    if ("value" in expect) return mismatch(expect.value, result, "value");
    return undefined;
  }

  async close() {
    await this.worker?.stop({ graceMs: 0 });
  }
}

/** `${name.path}` in strings: the saved value itself when the string is only that, else its text. */
function substitute(value, saved) {
  if (Array.isArray(value)) return value.map((v) => substitute(v, saved));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]));
  if (typeof value !== "string") return value;
  const whole = /^\$\{([^}]+)\}$/.exec(value);
  if (whole) return lookup(whole[1], saved);
  return value.replace(REF, (_, ref) => String(lookup(ref, saved)));
}

function lookup(ref, saved) {
  const [name, ...path] = ref.split(".");
  if (!(name in saved)) throw new Error(`\${${ref}}: nothing saved as ${name}`);
  return path.reduce((v, key) => v[key], saved[name]);
}

/** Where `actual` does not match `expected` (objects: the keys expected; lists: element by element), or undefined. */
function mismatch(expected, actual, where) {
  if (expected && typeof expected === "object" && !Array.isArray(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0] === "$oneOf") {
      return expected.$oneOf.includes(actual) ? undefined : `${where}: ${JSON.stringify(actual)} is not one of ${JSON.stringify(expected.$oneOf)}`;
    }
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return `${where}: expected an object, got ${JSON.stringify(actual)}`;
    for (const k of keys) {
      if (!(k in actual)) return `${where}.${k}: missing (got ${Object.keys(actual).sort()})`;
      const found = mismatch(expected[k], actual[k], `${where}.${k}`);
      if (found) return found;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${where}: expected ${expected.length} items, got ${JSON.stringify(actual)}`;
    }
    for (const [i, e] of expected.entries()) {
      const found = mismatch(e, actual[i], `${where}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  return expected === actual ? undefined : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** Flips the first byte of the server's file of the artifact (ARTIFACTS/JOB/ATTEMPT-NAME), keeping its size. */
async function corruptStoredArtifact(artifacts, id, name) {
  const dir = join(artifacts, id);
  const files = readdirSync(dir).filter((f) => f.endsWith(`-${name}`));
  assert.equal(files.length, 1, `one stored file of ${name} in ${dir}: ${readdirSync(dir)}`);
  const f = await open(join(dir, files[0]), "r+");
  try {
    const first = Buffer.alloc(1);
    await f.read(first, 0, 1, 0);
    await f.write(Buffer.from([first[0] ^ 0xff]), 0, 1, 0);
  } finally {
    await f.close();
  }
}

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms).unref());
}
