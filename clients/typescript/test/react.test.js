// useJob (jobvault-client/react) rendered by React itself (react-test-renderer) against a real server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createElement } from "react";
import TestRenderer, { act } from "react-test-renderer";
import { JobvaultClient } from "jobvault-client";
import { useJob } from "jobvault-client/react";
import { TestEventSource, opened } from "./event-source.js";
import { startServer } from "./server.js";

// react-test-renderer still renders React 19 faithfully; its deprecation notice (one per render) says nothing here
const consoleError = console.error;
console.error = (...args) => {
  if (!String(args[0]).includes("react-test-renderer is deprecated")) consoleError(...args);
};

/** act() for mounting, updating and unmounting; the network's updates in between arrive outside it, as in an app. */
async function inAct(change) {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(change);
  } finally {
    globalThis.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

let server;
let client;

/** Renders a component that calls useJob(id, options); `views` collects every answer, newest last. */
async function follow(id, options) {
  const views = [];
  function Follower(props) {
    views.push(useJob(props.id, props.options));
    return null;
  }
  let renderer;
  await inAct(async () => {
    renderer = TestRenderer.create(createElement(Follower, { id, options }));
  });
  return {
    views,
    get last() {
      return views.at(-1);
    },
    update: (nextId, nextOptions) => inAct(async () => renderer.update(createElement(Follower, { id: nextId, options: nextOptions }))),
    unmount: () => inAct(async () => renderer.unmount()),
    /** Resolves with the first view that `check` accepts (each new render is looked at), or rejects after 20 s. */
    async until(check, what) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = views.find(check);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no view ${what} within 20 s; last: ${JSON.stringify(views.at(-1))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

async function submitWithReadToken(request) {
  const job = await client.submit(request, { readToken: true });
  return { id: job.id, token: job.readToken.token };
}

describe("useJob against a real server", () => {
  before(async () => {
    server = await startServer();
    client = new JobvaultClient({ baseUrl: server.baseUrl, token: server.adminToken });
  });

  after(async () => {
    await server?.stop();
  });

  test("follows a job live over EventSource with ?access_token=: state, progress, result", async () => {
    const { id, token } = await submitWithReadToken({ type: "demo.sleep", payload: { ms: 1000 } });
    const f = await follow(id, { token, baseUrl: server.baseUrl, EventSource: TestEventSource });
    const midway = await f.until((v) => v.state === "running" && v.progress?.percent > 0 && v.progress.percent < 100, "midway");
    assert.match(midway.progress.message, /slept \d+ of 1000 ms/);
    const done = await f.until((v) => v.done, "done");
    assert.equal(done.state, "succeeded");
    assert.deepEqual(done.result, { sleptMs: 1000 });
    assert.equal(done.error, undefined);
    const source = opened.find((s) => s.url.includes(id));
    assert.equal(source.url, `${server.baseUrl}/v1/jobs/${id}/events?access_token=${encodeURIComponent(token)}`);
    assert.equal(source.status, 200);
    assert.equal(source.readyState, TestEventSource.CLOSED, "closed after the terminal state");
    await f.unmount();
  });

  test("artifacts come with a link that downloads them without a token", async () => {
    const { id, token } = await submitWithReadToken({ type: "demo.report", payload: { title: "Q3", pages: 2 } });
    const f = await follow(id, { token, baseUrl: server.baseUrl, EventSource: TestEventSource });
    const done = await f.until((v) => v.done && v.artifacts.length > 0, "done, with its artifacts");
    assert.equal(done.state, "succeeded", done.job?.lastError);
    const [pdf] = done.artifacts;
    assert.equal(pdf.name, "report.pdf");
    assert.ok(pdf.href.startsWith(`${server.baseUrl}/`), pdf.href);
    const res = await fetch(pdf.href);
    assert.equal(res.status, 200);
    assert.equal(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)), "%PDF-");
    await f.unmount();
  });

  test("without EventSource, and with event streams refused, it polls to the end", async () => {
    const { id, token } = await submitWithReadToken({ type: "demo.sleep", payload: { ms: 300 } });
    const calls = [];
    const noStreams = async (url, init) => {
      calls.push(new URL(url).pathname);
      if (url.includes("/events")) return new Response("no streams here", { status: 503 });
      return fetch(url, init);
    };
    const f = await follow(id, { token, baseUrl: server.baseUrl, EventSource: null, fetch: noStreams });
    const done = await f.until((v) => v.done, "done");
    assert.equal(done.state, "succeeded");
    assert.ok(calls.includes(`/v1/jobs/${id}/events`), "tried the stream first");
    assert.ok(calls.filter((p) => p === `/v1/jobs/${id}`).length >= 1, "then polled the job");
    await f.unmount();
  });

  test("a refused token ends following with the server's problem", async () => {
    const { id } = await submitWithReadToken({ type: "demo.sleep", payload: { ms: 10 } });
    const f = await follow(id, { token: "jvr_forged", baseUrl: server.baseUrl, EventSource: TestEventSource });
    const refused = await f.until((v) => v.error, "with an error");
    assert.equal(refused.error.status, 401);
    assert.equal(refused.state, undefined);
    await f.unmount();
  });

  test("unmounting closes the stream; a new id follows the new job", async () => {
    const waiting = await submitWithReadToken({ type: "demo.sleep", delay: "1h" });
    let signal;
    const watchingFetch = (url, init) => {
      signal = init.signal;
      return fetch(url, init);
    };
    const f = await follow(waiting.id, { token: waiting.token, baseUrl: server.baseUrl, EventSource: TestEventSource });
    await f.until((v) => v.state === "scheduled", "scheduled");
    const first = opened.find((s) => s.url.includes(waiting.id));

    const next = await submitWithReadToken({ type: "demo.sleep", payload: { ms: 10 } });
    await f.update(next.id, { token: next.token, baseUrl: server.baseUrl, EventSource: TestEventSource });
    assert.equal(first.readyState, TestEventSource.CLOSED, "the old job's stream closed");
    const done = await f.until((v) => v.job?.id === next.id && v.done, "the new job done");
    assert.equal(done.state, "succeeded");

    // the fetch-read stream (no EventSource) is aborted on unmount too
    const g = await follow(waiting.id, { token: waiting.token, baseUrl: server.baseUrl, EventSource: null, fetch: watchingFetch });
    await g.until((v) => v.state === "scheduled", "scheduled");
    assert.equal(signal.aborted, false);
    await g.unmount();
    assert.equal(signal.aborted, true, "unmount aborted the stream");
    await f.unmount();
  });
});
