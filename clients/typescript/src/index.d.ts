/** A job's state; succeeded, dead and cancelled are final. */
export type JobState = "scheduled" | "available" | "running" | "retrying" | "succeeded" | "dead" | "cancelled";

export interface Artifact {
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  /** A signed download path, valid for one hour, that needs no token. */
  url?: string;
  missing?: boolean;
}

/** A job as the server answers it. */
export interface Job {
  id: string;
  type: string;
  queue: string;
  state: JobState;
  priority: number;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  tenant?: string;
  idempotencyKey?: string;
  uniqueKey?: string;
  labels: Record<string, string>;
  progress: { percent?: number; message?: string };
  result?: unknown;
  lastError?: string;
  cancelRequested?: boolean;
  waitingFor?: string;
  /** Only on a single job's answer (get, wait, events). */
  artifacts?: Artifact[];
  href: string;
  [field: string]: unknown;
}

export interface SubmitRequest {
  type: string;
  payload?: unknown;
  queue?: string;
  priority?: number;
  runAt?: string;
  delay?: string;
  maxAttempts?: number;
  timeout?: string;
  retention?: string;
  uniqueKey?: string;
  labels?: Record<string, string>;
  tenant?: string;
  concurrencyKey?: string;
  concurrencyLimit?: number;
}

export interface ReadToken {
  /** jvr_…: reads only this job, its events and its artifacts. */
  token: string;
  expiresAt: string;
}

export interface SubmittedJob extends Job {
  submitStatus: "created" | "duplicate" | "skipped_unique";
  /** Present when submitted with `readToken: true`. */
  readToken?: ReadToken;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface ListFilter {
  state?: JobState;
  queue?: string;
  type?: string;
  tenant?: string;
  /** 1..the server's page limit; default 50. */
  limit?: number;
  cursor?: string;
}

export interface JobEvent {
  type: "state" | "progress" | "deleted";
  /** The whole job after the change (the last one seen, for "deleted"). */
  job: Job;
}

export interface Download {
  bytes: Uint8Array;
  contentType: string;
  /** The bytes' SHA-256 (hex), checked against the one the server recorded (the ETag). */
  sha256: string;
}

export interface ClientOptions {
  /** e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** An API token (jv_…) or a per-job read token (jvr_…). */
  token?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

interface Call {
  signal?: AbortSignal;
}

/** A client of the Jobvault HTTP API; every failed call rejects with a JobvaultError. */
export class JobvaultClient {
  constructor(options: ClientOptions);
  readonly baseUrl: string;
  submit(request: SubmitRequest, options?: Call & { idempotencyKey?: string; readToken?: boolean }): Promise<SubmittedJob>;
  get(id: string, options?: Call & { wait?: string }): Promise<Job>;
  wait(id: string, options?: Call & { timeoutMs?: number }): Promise<Job>;
  list(filter?: ListFilter & Call): Promise<Page<Job>>;
  listAll(filter?: Omit<ListFilter, "cursor">): AsyncIterable<Job>;
  cancel(id: string, options?: Call): Promise<Job>;
  retry(id: string, options?: Call): Promise<Job>;
  delete(id: string, options?: Call): Promise<void>;
  readToken(id: string, options?: Call & { ttl?: string }): Promise<ReadToken>;
  events(id: string, options?: Call & { poll?: boolean }): AsyncIterable<JobEvent>;
  artifactUrl(job: Job | string, name: string): string;
  downloadArtifact(id: string, name: string, options?: Call): Promise<Download>;
  listSchedules(options?: Call): Promise<{ items: Array<Record<string, unknown>>; invalid?: unknown[] }>;
  triggerSchedule(id: string, options: Call & { reason: string; key?: string; delay?: string }):
    Promise<{ schedule: string; fireAt: string; runAt: string; jobs: string[] }>;
  /**
   * Any call of the API that has no method here: `body` is sent as JSON, `raw` as it is. Resolves with the parsed
   * JSON answer (undefined for 204).
   */
  request<T = any>(method: string, path: string, options?: Call & {
    body?: unknown; raw?: BodyInit | AsyncIterable<Uint8Array>; headers?: Record<string, string>;
  }): Promise<T>;
}

/** Whether the job's state is final. */
export function isTerminal(job: Pick<Job, "state">): boolean;

/** An RFC 9457 problem answer of the API. */
export class JobvaultError extends Error {
  readonly status: number;
  /** e.g. https://jobvault.io/problems/job-not-found */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly hint: string;
  readonly errors: string[];
  readonly body: unknown;
  /** The type's last segment, e.g. "job-not-found". */
  readonly slug: string;
}

/** A claimed job, as a remote worker gets it: the job with its lease. */
export interface ClaimedJob extends Job {
  lease: { token: string; expiresAt: string; fencingToken: number };
}

/** Why a handler should stop. */
export type StopReason = "cancelled" | "lease lost" | "shutting down";

/** What a handler gets. */
export interface JobContext {
  readonly job: ClaimedJob;
  readonly id: string;
  readonly type: string;
  readonly payload: unknown;
  readonly attempt: number;
  readonly lease: string;
  /** Aborted (with a Stopped reason) once the job was cancelled, its lease was lost, or the worker stops. */
  readonly signal: AbortSignal;
  readonly stopReason: StopReason | undefined;
  /** Sent with the next heartbeat (only the latest counts). */
  progress(percent: number, message?: string): void;
  /** Throws Stopped once the handler should stop. */
  throwIfStopped(): void;
  /** Uploads an artifact (a stream is sent chunked): its stored description. */
  upload(name: string, content: BodyInit | AsyncIterable<Uint8Array>, contentType?: string):
    Promise<{ name: string; size: number; sha256: string; contentType: string }>;
}

/** Resolves with the job's result (JSON), or throws Snooze, Retry, Fail, Cancel or any error (a failed attempt). */
export type Handler = (ctx: JobContext) => unknown | Promise<unknown>;

export interface WorkerOptions {
  /** default ["default"] */
  queues?: string[];
  /** Shown in the job's attempts; default "node". */
  name?: string;
  /** Jobs run at once, 1..100; default 4. */
  concurrency?: number;
  /** default 10000 (leases last 30 s) */
  heartbeatIntervalMs?: number;
  /** How long a claim waits for work, 0..60; default 20. */
  pollWaitSeconds?: number;
}

/** Runs handlers for jobs claimed from a server (scope `work`); see the README for outcomes and graceful stop. */
export class Worker {
  constructor(client: JobvaultClient, options?: WorkerOptions);
  readonly running: number;
  handle(type: string, handler: Handler): this;
  start(): Promise<this>;
  /** Starts, and resolves once SIGTERM or SIGINT has stopped the worker. */
  run(options?: { graceMs?: number }): Promise<void>;
  /** Stops claiming; waits up to graceMs (default 10000) for running jobs, then hands the rest back. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** Run again after afterMs, using no attempt. */
export class Snooze extends Error {
  constructor(afterMs: number, reason?: string);
  readonly afterMs: number;
}

/** A failed attempt: run again (after afterMs, or by the server's backoff) while attempts are left. */
export class Retry extends Error {
  constructor(reason: string, options?: { afterMs?: number });
  readonly afterMs: number | undefined;
}

/** Dead at once. */
export class Fail extends Error {
  constructor(reason: string);
}

/** Ends the job cancelled. */
export class Cancel extends Error {
  constructor(reason?: string);
}

/** Thrown by throwIfStopped (and the reason of an aborted ctx.signal). */
export class Stopped extends Error {
  readonly reason: StopReason;
}
