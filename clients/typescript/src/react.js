import { useEffect, useState } from "react";
import { JobvaultClient, isTerminal } from "./client.js";
import { JobvaultError } from "./errors.js";

const NOTHING = Object.freeze({ job: undefined, state: undefined, progress: undefined, result: undefined, artifacts: [],
  error: undefined, done: false });

/**
 * Follows one job live from a React component: `const { state, progress, result, artifacts, error, done } =
 * useJob(id, { token, baseUrl })`, with a per-job read token a backend minted (see docs/browser.md).
 * Live over server-sent events (an EventSource with ?access_token=, as a browser has); where there is no
 * EventSource, or its stream fails, over the client's fetch-read stream, which polls when no stream can be had. A
 * refused token (401, 403) or a missing job (404, 410) ends following with `error`; an unreachable server shows as
 * `error` while it is retried every `retryMs`. Everything is closed on unmount and when id, token or baseUrl change.
 */
export function useJob(id, { token, baseUrl, retryMs = 2000, EventSource: EventSourceImpl = globalThis.EventSource,
  fetch: fetchImpl } = {}) {
  const [view, setView] = useState(NOTHING);
  useEffect(() => {
    setView(NOTHING);
    if (!id || !baseUrl) return undefined;
    const client = new JobvaultClient({ baseUrl, token, fetch: fetchImpl });
    const abort = new AbortController();
    let source;
    const failed = (error) => {
      if (!abort.signal.aborted) setView((v) => ({ ...v, error }));
    };
    const show = (job) => {
      if (abort.signal.aborted) return;
      setView(viewOf(client, job));
      // older servers' terminal events carry the job without its artifacts: read them (with their signed links)
      if (isTerminal(job) && !job.artifacts) client.get(id, { signal: abort.signal }).then(show, (err) => failed(err));
    };

    const poll = async () => {
      let last;
      while (!abort.signal.aborted) {
        try {
          for await (const e of client.events(id, { signal: abort.signal })) {
            if (e.type === "deleted") return failed(new Error(`job ${id} was deleted`));
            last = e.job;
            show(last);
          }
          if (last && isTerminal(last)) return undefined;
        } catch (err) {
          if (abort.signal.aborted) return undefined;
          failed(err);
          if (err instanceof JobvaultError && err.status < 500) return undefined; // retrying would be refused again
        }
        await pause(retryMs, abort.signal);
      }
      return undefined;
    };

    if (EventSourceImpl && token) {
      const url = `${client.baseUrl}/v1/jobs/${encodeURIComponent(id)}/events?access_token=${encodeURIComponent(token)}`;
      source = new EventSourceImpl(url);
      const onJob = (e) => {
        const job = JSON.parse(e.data);
        show(job);
        if (isTerminal(job)) source.close();
      };
      source.addEventListener("state", onJob);
      source.addEventListener("progress", onJob);
      source.addEventListener("deleted", () => {
        source.close();
        failed(new Error(`job ${id} was deleted`));
      });
      // An EventSource says nothing about why it failed (a refused token, a proxy that buffers streams, a restart):
      // the fetch-read stream and its polling find out, and report refusals with the server's problem details.
      source.onerror = () => {
        source.close();
        poll();
      };
    } else {
      poll();
    }
    return () => {
      abort.abort();
      source?.close();
    };
  }, [id, token, baseUrl, retryMs, EventSourceImpl, fetchImpl]);
  return view;
}

/** What useJob answers for a job: its parts, and each artifact with the absolute URL to download it from. */
function viewOf(client, job) {
  return {
    job,
    state: job.state,
    progress: job.progress,
    result: job.result,
    artifacts: (job.artifacts ?? []).map((a) => ({ ...a, href: client.artifactUrl(job, a.name) })),
    error: undefined,
    done: isTerminal(job),
  };
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
