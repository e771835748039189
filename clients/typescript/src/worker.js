import { JobvaultError } from "./errors.js";

const LOST = new Set([404, 409, 410]); // the lease is gone: the job was rescued, finished, cancelled or deleted
const MAX_WAIT_SECONDS = 60; // the server's longest claim wait

/** Run the job again after `afterMs`, using no attempt (an upstream's 429 with Retry-After, say). */
export class Snooze extends Error {
  constructor(afterMs, reason = "snoozed") {
    super(reason);
    this.name = "Snooze";
    this.afterMs = afterMs;
  }
}

/** This attempt failed: run again (after `afterMs`, or by the server's backoff) while attempts are left. */
export class Retry extends Error {
  constructor(reason, { afterMs } = {}) {
    super(reason);
    this.name = "Retry";
    this.afterMs = afterMs;
  }
}

/** A failure that retrying cannot fix: the job ends dead at once. */
export class Fail extends Error {
  constructor(reason) {
    super(reason);
    this.name = "Fail";
  }
}

/** The job should not run at all (any more): it ends cancelled. */
export class Cancel extends Error {
  constructor(reason = "cancelled by its handler") {
    super(reason);
    this.name = "Cancel";
  }
}

/** Thrown by `ctx.throwIfStopped()` once the handler should stop; `reason` says why. */
export class Stopped extends Error {
  constructor(reason) {
    super(`stopped: ${reason}`);
    this.name = "Stopped";
    this.reason = reason;
  }
}

/** What a handler gets: the job, progress reporting, artifact uploads, and a signal that says when to stop. */
class JobContext {
  #worker;
  #abort = new AbortController();
  #progress;

  constructor(worker, job) {
    this.#worker = worker;
    this.job = job;
    this.id = job.id;
    this.type = job.type;
    this.payload = job.payload;
    this.attempt = job.attempt;
    this.lease = job.lease.token;
    /** "cancelled", "lease lost" or "shutting down", once the handler should stop. */
    this.stopReason = undefined;
    this.handedBack = false;
  }

  /** Aborted once the job was cancelled, its lease was lost, or the worker stops: pass it to fetch and the like. */
  get signal() {
    return this.#abort.signal;
  }

  /** Sent with the next heartbeat, which it brings forward (only the latest counts). */
  progress(percent, message) {
    const p = { percent: Math.max(0, Math.min(100, Math.round(percent))) };
    if (message) p.message = message;
    this.#progress = p;
    this.#worker._wakeHeartbeat();
  }

  /** Throws Stopped once the handler should stop: call it between the steps of a long job. */
  throwIfStopped() {
    if (this.stopReason) throw new Stopped(this.stopReason);
  }

  /**
   * Uploads an artifact: bytes, a string, a Blob or a stream (a web ReadableStream or a Node Readable, such as
   * fs.createReadStream: sent chunked, not held in memory). Resolves with {name, size, sha256, …}.
   */
  async upload(name, content, contentType = "application/octet-stream") {
    return this.#worker.client.request("PUT", `/v1/jobs/${encodeURIComponent(this.id)}/artifacts/${encodeURIComponent(name)}`, {
      raw: content, headers: { "Jobvault-Lease": this.lease, "Content-Type": contentType },
    });
  }

  _takeProgress() {
    const p = this.#progress;
    this.#progress = undefined;
    return p;
  }

  _halt(reason) {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.#abort.abort(new Stopped(reason));
  }
}

/**
 * Runs handlers for jobs claimed from a Jobvault server (the /v1/workers protocol, scope `work`): claims with long
 * polling while it has free slots, heartbeats every running job (carrying its latest progress; a cancel or a lost
 * lease aborts the handler's `ctx.signal`), and reports each outcome. A handler resolves with the job's result, or
 * throws: Snooze, Retry, Fail, Cancel, or any other error (a failed attempt; the server's backoff).
 * On stop (SIGTERM under `run()`), claiming stops and every handler's signal is aborted; a handler that resolves
 * within the grace period completes its job, and one that throws or is still running then has its job handed back
 * (a zero-delay snooze: no attempt used, another worker can start it at once) instead of leaving it to its lease.
 */
export class Worker {
  #handlers = new Map();
  #running = new Map();
  #stopping = false;
  #stopped = false;
  #claimAbort;
  #claimLoop;
  #heartbeatLoop;
  #heartbeatWake = signalled();
  #changed = signalled(); // resolves when a job leaves #running, or the worker stops

  /**
   * @param client a JobvaultClient with a `work` token
   * @param options {queues = ["default"], name = "node", concurrency = 4 (1..100), heartbeatIntervalMs = 10000,
   *   pollWaitSeconds = 20 (0..60)}
   */
  constructor(client, { queues = ["default"], name = "node", concurrency = 4, heartbeatIntervalMs = 10_000,
    pollWaitSeconds = 20 } = {}) {
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
      throw new RangeError("concurrency must be an integer within 1..100");
    }
    if (!(pollWaitSeconds >= 0 && pollWaitSeconds <= MAX_WAIT_SECONDS)) throw new RangeError("pollWaitSeconds must be within 0..60");
    if (!queues.length) throw new RangeError("a worker needs at least one queue");
    this.client = client;
    this.queues = [...queues];
    this.name = name;
    this.concurrency = concurrency;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    this.pollWaitSeconds = pollWaitSeconds;
  }

  /** Registers the handler of a job type: `async (ctx) => result`. Returns the worker, for chaining. */
  handle(type, handler) {
    if (typeof handler !== "function") throw new TypeError(`the handler of ${type} must be a function`);
    this.#handlers.set(type, handler);
    return this;
  }

  /** How many jobs run here now. */
  get running() {
    return this.#running.size;
  }

  /** Declares the handlers' types (so submits of them are accepted) and starts claiming in the background. */
  async start() {
    if (this.#handlers.size === 0) throw new Error("a worker needs at least one handler");
    if (this.#claimLoop) throw new Error("the worker has started already");
    try {
      await this.client.request("POST", "/v1/workers/types", { body: { types: this.#types() } });
    } catch (err) {
      console.warn(`jobvault worker ${this.name}: could not declare job types yet (each claim declares them too): ${err.message}`);
    }
    this.#claimLoop = this.#claim();
    this.#heartbeatLoop = this.#heartbeat();
    return this;
  }

  /** Starts, and resolves once SIGTERM or SIGINT has stopped the worker gracefully. */
  async run({ graceMs = 10_000 } = {}) {
    await this.start();
    await new Promise((resolve, reject) => {
      const onSignal = () => {
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
        this.stop({ graceMs }).then(resolve, reject);
      };
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
    });
  }

  /** Stops claiming; waits up to `graceMs` for running jobs, then hands the rest back. Resolves when all is done. */
  async stop({ graceMs = 10_000 } = {}) {
    this.#stopping = true;
    this.#claimAbort?.abort(); // the server hands back whatever a claim took if its answer cannot be delivered
    for (const ctx of this.#running.values()) ctx._halt("shutting down");
    const deadline = Date.now() + graceMs;
    while (this.#running.size > 0 && Date.now() < deadline) await pause(deadline - Date.now(), this.#changed.promise);
    await Promise.all([...this.#running.values()].map((ctx) => {
      ctx.handedBack = true; // the handler ignored the stop: whatever it reports later would be refused
      return this.#handBack(ctx);
    }));
    this.#stopped = true;
    this.#changed.resolve();
    this.#heartbeatWake.resolve();
    await Promise.all([this.#claimLoop, this.#heartbeatLoop]);
  }

  _wakeHeartbeat() {
    this.#heartbeatWake.resolve();
  }

  #types() {
    return [...this.#handlers.keys()].sort();
  }

  async #claim() {
    while (!this.#stopping) {
      const free = this.concurrency - this.#running.size;
      if (free <= 0) {
        await this.#changed.promise;
        continue;
      }
      this.#claimAbort = new AbortController();
      let jobs;
      try {
        ({ jobs } = await this.client.request("POST", "/v1/workers/claim", {
          signal: this.#claimAbort.signal,
          body: { queues: this.queues, max: free, wait: `${this.pollWaitSeconds}s`, worker: this.name, types: this.#types() },
        }));
      } catch (err) {
        if (this.#stopping) return;
        console.warn(`jobvault worker ${this.name}: claim failed; retrying in a second: ${err.message}`);
        await pause(1000, this.#changed.promise);
        continue;
      }
      for (const job of jobs) {
        const ctx = new JobContext(this, job);
        if (this.#stopping) { // claimed while stopping: give it straight back
          await this.#handBack(ctx);
          continue;
        }
        this.#running.set(ctx.id, ctx);
        this.#run(ctx);
      }
    }
  }

  async #run(ctx) {
    try {
      let [path, body, threw] = await this.#outcome(ctx);
      if (ctx.stopReason === "lease lost" || ctx.handedBack) return; // the job is someone else's now
      if (ctx.stopReason === "cancelled") {
        [path, body] = ["fail", { error: "cancelled while running", cancel: true }]; // a requested cancel wins
      } else if (ctx.stopReason === "shutting down" && threw) {
        await this.#handBack(ctx); // interrupted by the stop, not failed: no attempt used
        return;
      }
      try {
        await this.client.request("POST", `/v1/jobs/${encodeURIComponent(ctx.id)}/${path}`, { body: { leaseToken: ctx.lease, ...body } });
      } catch (err) {
        console.warn(`jobvault worker ${this.name}: outcome of job ${ctx.id} (${path}) not recorded: ${err.message}`);
      }
    } finally {
      this.#running.delete(ctx.id);
      const changed = this.#changed;
      this.#changed = signalled();
      changed.resolve();
    }
  }

  /** Runs the handler: [endpoint (complete or fail), body, whether it threw]. */
  async #outcome(ctx) {
    const handler = this.#handlers.get(ctx.type);
    try {
      if (!handler) throw new Retry(`no handler for job type '${ctx.type}' on worker ${this.name}`);
      const result = await handler(ctx);
      return ["complete", result === undefined ? {} : { result }, false];
    } catch (err) {
      return ["fail", failure(err), true];
    }
  }

  async #handBack(ctx) {
    try {
      await this.client.request("POST", `/v1/jobs/${encodeURIComponent(ctx.id)}/fail`, {
        body: { leaseToken: ctx.lease, error: `worker ${this.name} shut down`, snooze: true, retryAfter: "0s" },
      });
    } catch (err) {
      console.warn(`jobvault worker ${this.name}: could not hand job ${ctx.id} back (its lease will expire instead): ${err.message}`);
    }
  }

  async #heartbeat() {
    while (!this.#stopped) {
      await pause(this.heartbeatIntervalMs, this.#heartbeatWake.promise);
      if (this.#stopped) return;
      this.#heartbeatWake = signalled();
      await Promise.all([...this.#running.values()].map((ctx) => this.#beat(ctx)));
      // progress brings a heartbeat forward, but never more than five rounds a second
      await pause(Math.min(200, this.heartbeatIntervalMs), this.#changed.promise);
    }
  }

  async #beat(ctx) {
    if (ctx.stopReason === "lease lost" || ctx.handedBack) return;
    try {
      const hb = await this.client.request("POST", `/v1/jobs/${encodeURIComponent(ctx.id)}/heartbeat`, {
        body: { leaseToken: ctx.lease, progress: ctx._takeProgress() ?? null },
      });
      if (hb.cancelRequested) ctx._halt("cancelled");
    } catch (err) {
      if (err instanceof JobvaultError && LOST.has(err.status)) ctx._halt("lease lost");
      else console.warn(`jobvault worker ${this.name}: heartbeat of job ${ctx.id} failed; retrying: ${err.message}`);
    }
  }
}

/** The body of a fail call for what a handler threw. */
function failure(err) {
  if (err instanceof Snooze) return { error: err.message, snooze: true, retryAfter: seconds(err.afterMs) };
  if (err instanceof Retry) {
    return { error: err.message, retryable: true, errorType: "Retry", ...(err.afterMs === undefined ? {} : { retryAfter: seconds(err.afterMs) }) };
  }
  if (err instanceof Fail) return { error: err.message || "failed", retryable: false, errorType: "Fail" };
  if (err instanceof Cancel) return { error: err.message, cancel: true, retryable: false }; // older servers: dead, not retried
  const e = err instanceof Error ? err : new Error(String(err));
  return { error: e.message || e.name, errorType: e.name, stackTrace: (e.stack ?? "").slice(0, 8000) };
}

/** A duration the server reads: whole milliseconds as "1500ms". */
function seconds(ms) {
  return `${Math.max(0, Math.round(ms))}ms`;
}

/** Resolves after `ms` or when `wake` resolves, whichever is first, leaving no timer behind (it would hold the process). */
function pause(ms, wake) {
  let timer;
  const elapsed = new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  return Promise.race([elapsed, wake]).finally(() => clearTimeout(timer));
}

/** A promise with its resolve, to wake a loop. */
function signalled() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}
