// Compiled, never run: every call of the public API, so tsc checks src/index.d.ts as a user sees it (npm test).
import { Cancel, Fail, JobvaultClient, JobvaultError, Retry, Snooze, Stopped, Worker, isTerminal, type Job } from "jobvault-client";
import { useJob, type JobView } from "jobvault-client/react";
function Follower(id: string | undefined, token: string) {
  const v: JobView = useJob(id, { token, baseUrl: "http://x", retryMs: 500 });
  const s: string | undefined = v.state; const p: number | undefined = v.progress?.percent;
  const href: string | undefined = v.artifacts[0]?.href; const done: boolean = v.done;
  return [s, p, href, done, v.error?.message, v.result, v.job?.id];
}
async function main() {
  const c = new JobvaultClient({ baseUrl: "http://x", token: "t" });
  const j = await c.submit({ type: "a", payload: { x: 1 } }, { idempotencyKey: "k", readToken: true });
  const t: string | undefined = j.readToken?.token;
  const done: Job = await c.wait(j.id, { timeoutMs: 1000 });
  for await (const e of c.events(done.id)) { const s: string = e.job.state; }
  for await (const job of c.listAll({ state: "dead" })) isTerminal(job);
  const page = await c.list({ limit: 2 }); page.nextCursor;
  const d = await c.downloadArtifact(j.id, "r.pdf"); d.bytes.length;
  const r = await c.triggerSchedule("s", { reason: "r" }); r.jobs[0];
  try { await c.get("x"); } catch (e) { if (e instanceof JobvaultError) { const h: string = e.hint + e.slug + e.status; } }
  console.log(t, c.artifactUrl(done, "x"));
  const attempts = await c.request<{ items: unknown[] }>("GET", `/v1/jobs/${j.id}/attempts`); attempts.items;
  const w = new Worker(c, { queues: ["q"], concurrency: 2, heartbeatIntervalMs: 5000, pollWaitSeconds: 20 })
    .handle("a", async (ctx) => {
      ctx.progress(50, "half");
      ctx.throwIfStopped();
      const up = await ctx.upload("r.pdf", new Uint8Array([1]), "application/pdf"); up.sha256;
      if (ctx.signal.aborted && ctx.stopReason === "cancelled") throw new Cancel();
      if (ctx.attempt > 2) throw new Fail("no");
      if (ctx.payload === null) throw new Snooze(1000, "later");
      if (ctx.job.lease.fencingToken > 1) throw new Retry("again", { afterMs: 500 });
      return { ok: true };
    });
  await w.start(); w.running; await w.stop({ graceMs: 100 }); await w.run({ graceMs: 100 });
  try { await c.get("x"); } catch (e) { if (e instanceof Stopped) { const r: "cancelled" | "lease lost" | "shutting down" = e.reason; } }
}
main(); Follower(undefined, "t");
