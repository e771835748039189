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
  /** The SHA-256 (hex) the server recorded, from the ETag. */
  sha256?: string;
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
