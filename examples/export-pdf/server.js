// The export backend: submits a demo.report job to Jobvault with its submit token, mints a per-job read token for
// the page, and serves the page. It keeps nothing: the job lives in Jobvault, so this process can crash or be
// redeployed while an export renders and the page just keeps following it (the PDF-export post-mortem's failure).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { JobvaultClient, JobvaultError } from "jobvault-client";

const port = Number(process.env.PORT ?? 3000);
const jobvaultUrl = process.env.JOBVAULT_URL ?? "http://127.0.0.1:8080";
// where browsers reach Jobvault (it must list this page's origin: --cors-origin http://127.0.0.1:3000)
const publicJobvaultUrl = process.env.JOBVAULT_PUBLIC_URL ?? jobvaultUrl;
const jobs = new JobvaultClient({ baseUrl: jobvaultUrl, token: process.env.JOBVAULT_TOKEN }); // scope submit
const page = new URL("./public/", import.meta.url);

const routes = {
  /** Starts an export. The page's Idempotency-Key makes a retried request (the backend died mid-call) the same job. */
  async "POST /api/exports"(req) {
    const { title = "Report", pages = 3 } = await body(req);
    const job = await jobs.submit({ type: "demo.report", payload: { title: String(title), pages: Number(pages) } }, {
      idempotencyKey: req.headers["idempotency-key"], readToken: true,
    });
    return [201, { id: job.id, token: job.readToken.token, expiresAt: job.readToken.expiresAt, jobvault: publicJobvaultUrl }];
  },
  /** A fresh read token for an export the page already has (after a reload, or once its token expired). */
  async "POST /api/exports/:id/read-token"(req, id) {
    // a real app checks here that the signed-in user owns export `id`
    const { token, expiresAt } = await jobs.readToken(id);
    return [201, { id, token, expiresAt, jobvault: publicJobvaultUrl }];
  },
};

const server = createServer(async (req, res) => {
  try {
    const path = new URL(req.url, "http://x").pathname;
    if (req.method === "GET" && (path === "/" || path === "/app.js")) return await file(res, path === "/" ? "index.html" : "app.js");
    const id = /^\/api\/exports\/([^/]+)\//.exec(path)?.[1];
    const route = routes[`${req.method} ${id ? path.replace(id, ":id") : path}`];
    if (!route) return send(res, 404, { title: "Not found" });
    const [status, answer] = await route(req, id && decodeURIComponent(id));
    send(res, status, answer);
  } catch (err) {
    // Jobvault's problem (a 404 for an unknown export, say) goes to the page as it is; anything else is a 502
    if (err instanceof JobvaultError) send(res, err.status, { title: err.title, detail: err.detail });
    else if (err instanceof SyntaxError) send(res, 400, { title: "The body is not JSON", detail: err.message });
    else send(res, 502, { title: "Jobvault unreachable", detail: String(err.message) });
  }
});

async function file(res, name) {
  const types = { "index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8" };
  try {
    const content = await readFile(new URL(name, page));
    res.writeHead(200, { "Content-Type": types[name], "Cache-Control": "no-store" }).end(content);
  } catch {
    send(res, 500, { title: `public/${name} is missing`, detail: "run npm run build first" });
  }
}

function send(res, status, answer) {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
}

async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

server.listen(port, "127.0.0.1", () => console.log(`export-pdf backend on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
