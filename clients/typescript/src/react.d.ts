import type { Artifact, Job, JobState } from "./index.js";

export interface UseJobOptions {
  /** A per-job read token (jvr_…) minted by your backend. */
  token?: string;
  /** The Jobvault server, e.g. https://jobs.example.com (it must list the page's origin: --cors-origin). */
  baseUrl: string;
  /** How long to wait before trying again while the server cannot be reached; default 2000. */
  retryMs?: number;
  /** default globalThis.EventSource; without one, the stream is read with fetch (polling when it cannot be). */
  EventSource?: { new (url: string): EventSource };
  fetch?: typeof fetch;
}

export interface JobView {
  /** The whole job as last seen; undefined until the first answer. */
  job: Job | undefined;
  state: JobState | undefined;
  progress: { percent?: number; message?: string } | undefined;
  result: unknown;
  /** Each with `href`: its signed link (no token needed) once the job has one, else the plain path. */
  artifacts: Array<Artifact & { href: string }>;
  /** A refusal (JobvaultError: 401, 403, 404, 410) ends following; other errors show while it retries. */
  error: Error | undefined;
  /** Whether the job is finished (succeeded, dead or cancelled). */
  done: boolean;
}

/** Follows a job live (server-sent events, polling as a fallback); closes everything on unmount. */
export function useJob(id: string | null | undefined, options: UseJobOptions): JobView;
