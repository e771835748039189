import { JobvaultError } from "./errors.js";
import { readEvents } from "./sse.js";

const TERMINAL = new Set(["succeeded", "dead", "cancelled"]);
const MAX_WAIT_SECONDS = 60; // the server's longest ?wait=

/** Whether a job's state is final: succeeded, dead or cancelled. */
export function isTerminal(job) {
  return TERMINAL.has(job.state);
}

/**
 * A client of the Jobvault HTTP API (fetch-based: Node 20+ and browsers). Every failed call throws a JobvaultError
 * carrying the server's problem details.
 */
export class JobvaultClient {
  /**
   * @param {{baseUrl: string, token?: string, fetch?: typeof fetch, headers?: Record<string,string>}} options
   */
  constructor({ baseUrl, token, fetch: fetchImpl, headers } = {}) {
    if (!baseUrl) throw new TypeError("baseUrl is required, e.g. http://127.0.0.1:8080");
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.token = token;
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.headers = headers ?? {};
  }

  /** Submits a job; resolves once it is stored durably. `idempotencyKey` makes a resend return the same job. */
  async submit(request, { idempotencyKey, readToken = false, signal } = {}) {
    const headers = idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {};
    return this.#json("POST", `/v1/jobs${readToken ? "?readToken=true" : ""}`, { body: request, headers, signal });
  }

  /** The job. `wait` (e.g. "30s", at most 60s) holds the answer until the job finishes or the time passes. */
  async get(id, { wait, signal } = {}) {
    return this.#json("GET", `/v1/jobs/${enc(id)}${wait ? `?wait=${enc(wait)}` : ""}`, { signal });
  }

  /** Waits until the job is finished (or `timeoutMs` passes: then resolves with the job as it is). */
  async wait(id, { timeoutMs = 5 * 60_000, signal } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = Math.ceil((deadline - Date.now()) / 1000);
      const job = await this.get(id, { wait: `${Math.max(0, Math.min(left, MAX_WAIT_SECONDS))}s`, signal });
      if (isTerminal(job) || Date.now() >= deadline) return job;
    }
  }

  /** One page of jobs: {items, nextCursor?}. */
  async list({ state, queue, type, tenant, limit, cursor, signal } = {}) {
    const q = query({ state, queue, type, tenant, limit, cursor });
    return this.#json("GET", `/v1/jobs${q}`, { signal });
  }

  /** Every job matching the filter, page by page. */
  async *listAll(filter = {}) {
    let cursor;
    do {
      const page = await this.list({ ...filter, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  async cancel(id, { signal } = {}) {
    return this.#json("POST", `/v1/jobs/${enc(id)}/cancel`, { signal });
  }

  async retry(id, { signal } = {}) {
    return this.#json("POST", `/v1/jobs/${enc(id)}/retry`, { signal });
  }

  /** Deletes the job and its artifacts (needs an admin token). */
  async delete(id, { signal } = {}) {
    await this.#send("DELETE", `/v1/jobs/${enc(id)}`, { signal });
  }

  /** A per-job read token for a browser: {token, expiresAt}. `ttl` 1m..24h, default 15m. */
  async readToken(id, { ttl, signal } = {}) {
    return this.#json("POST", `/v1/jobs/${enc(id)}/read-token`, { body: ttl ? { ttl } : {}, signal });
  }

  /**
   * The job's changes as they happen, ending after its terminal state: {type: "state"|"progress"|"deleted", job}.
   * Server-sent events when the stream can be opened; polling with ?wait= when it cannot (or breaks), unless
   * `poll: false`. Access errors (401, 403, 404, 410) are thrown either way.
   */
  async *events(id, { signal, poll = true } = {}) {
    let last;
    let lastEventId;
    try {
      const res = await this.#send("GET", `/v1/jobs/${enc(id)}/events`, {
        signal, headers: { Accept: "text/event-stream" },
      });
      for await (const e of readEvents(res.body)) {
        lastEventId = e.id ?? lastEventId;
        if (e.event === "deleted") {
          yield { type: "deleted", id, job: last };
          return;
        }
        last = JSON.parse(e.data);
        yield { type: e.event, job: last };
        if (isTerminal(last)) return;
      }
    } catch (err) {
      if (err instanceof JobvaultError && err.status < 500) throw err; // refused: polling would be refused too
      if (signal?.aborted || !poll) throw err;
    }
    if (!poll) return;
    // the stream could not be opened, broke or ended early (a proxy's timeout): poll until the job finishes
    for (;;) {
      let job;
      try {
        job = await this.get(id, { wait: last ? "30s" : undefined, signal });
      } catch (err) {
        if (err instanceof JobvaultError && (err.status === 404 || err.status === 410) && last) {
          yield { type: "deleted", id, job: last };
          return;
        }
        throw err;
      }
      if (!last || snapshot(job) !== snapshot(last)) {
        const type = last && last.state === job.state ? "progress" : "state";
        last = job;
        yield { type, job };
      }
      if (isTerminal(job)) return;
    }
  }

  /** The absolute URL of an artifact: the job's signed link when it has one (no token needed), else the plain path. */
  artifactUrl(jobOrId, name) {
    if (typeof jobOrId === "object") {
      const a = (jobOrId.artifacts ?? []).find((x) => x.name === name);
      if (a?.url) return this.baseUrl + a.url;
      jobOrId = jobOrId.id;
    }
    return `${this.baseUrl}/v1/jobs/${enc(jobOrId)}/artifacts/${enc(name)}`;
  }

  /**
   * Downloads an artifact: {bytes, contentType, sha256}. The bytes' SHA-256 is checked against the one the server
   * recorded (the ETag): a mismatch (a corrupted file or transfer) rejects with a JobvaultError of type
   * "checksum-mismatch" (status 0) instead of handing out the bytes.
   */
  async downloadArtifact(id, name, { signal } = {}) {
    const res = await this.#send("GET", `/v1/jobs/${enc(id)}/artifacts/${enc(name)}`, { signal });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const expected = (res.headers.get("etag") ?? "").replace(/^W\//, "").replaceAll('"', "").toLowerCase();
    const actual = await sha256Hex(bytes);
    if (expected && expected !== actual) {
      throw new JobvaultError({ status: 0, type: "checksum-mismatch", title: "Checksum mismatch",
        detail: `artifact ${name} of job ${id}: expected sha256 ${expected}, got ${actual}`, hint: "download it again" });
    }
    return { bytes, contentType: res.headers.get("content-type") ?? "application/octet-stream", sha256: actual };
  }

  /** Schedules: {items, invalid?}. */
  async listSchedules({ signal } = {}) {
    return this.#json("GET", "/v1/schedules", { signal });
  }

  /**
   * Fires a schedule now (admin, audited: `reason` is required); `key` fires one key of a keyed schedule, `delay`
   * holds the job back. Resolves with {schedule, fireAt, runAt, jobs: [ids]}.
   */
  async triggerSchedule(id, { reason, key, delay, signal } = {}) {
    if (!reason) throw new TypeError("triggerSchedule needs a reason (it goes to the audit log)");
    const body = { reason };
    if (key !== undefined) body.key = key;
    if (delay !== undefined) body.delay = delay;
    return this.#json("POST", `/v1/schedules/${enc(id)}/trigger`, { body, signal });
  }

  /**
   * Any call of the API, for what has no method here (the Worker uses it): `body` is sent as JSON, `raw` as it is (bytes,
   * a string, a Blob or a stream). Resolves with the parsed JSON answer (undefined for 204); rejects with a
   * JobvaultError for an error answer.
   */
  async request(method, path, options) {
    return this.#json(method, path, options);
  }

  async #json(method, path, options) {
    const res = await this.#send(method, path, options);
    return res.status === 204 ? undefined : res.json();
  }

  async #send(method, path, { body, raw, headers = {}, signal } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) h["Content-Type"] = "application/json";
    const init = { method, headers: h, signal, body: body === undefined ? raw : JSON.stringify(body) };
    if (isStream(raw)) init.duplex = "half"; // fetch streams a request body only when told so
    const res = await this.fetch(this.baseUrl + path, init);
    if (!res.ok) throw await JobvaultError.fromResponse(res);
    return res;
  }
}

function isStream(body) {
  return body != null && (typeof body.getReader === "function" || typeof body.pipe === "function"
    || typeof body[Symbol.asyncIterator] === "function");
}

/** Hex SHA-256 by WebCrypto (Node 20+ and browsers). */
async function sha256Hex(bytes) {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function enc(s) {
  return encodeURIComponent(String(s));
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

function snapshot(job) {
  return `${job.attempt}.${job.state}.${job.progress?.percent ?? "-"}`;
}
