// Compiled, never run: every call of the public API, so tsc checks src/index.d.ts as a user sees it (npm test).
import { JobvaultClient, JobvaultError, isTerminal, type Job } from "jobvault-client";
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
}
main();
