// The TypeScript example of docs/clients.md, run as written against a real server (its address and token swapped in).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as jobvault from "../src/index.js";
import { startServer } from "./server.js";

const doc = resolve(dirname(fileURLToPath(import.meta.url)), "../../../docs/clients.md");
let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

test("the first five lines of docs/clients.md work, and the READMEs show the same", async () => {
  const text = readFileSync(doc, "utf8");
  const section = text.slice(text.indexOf("## TypeScript"));
  const block = /```js\n([\s\S]*?)```/.exec(section)[1];
  assert.match(block, /^import \{ JobvaultClient \} from "jobvault-client";\n/);
  const body = block.replace(/^import .*\n/, "").replace("http://127.0.0.1:8080", server.baseUrl) + "\nreturn pdf;";
  const AsyncFunction = (async () => {}).constructor;
  const run = new AsyncFunction("JobvaultClient", "process", body);
  const pdf = await run(jobvault.JobvaultClient, { env: { JOBVAULT_TOKEN: server.adminToken } });
  assert.equal(pdf.contentType, "application/pdf");
  assert.equal(new TextDecoder().decode(pdf.bytes.slice(0, 5)), "%PDF-");
  const readme = readFileSync(resolve(dirname(doc), "../README.md"), "utf8");
  assert.ok(readme.includes("```js\n" + block + "```"), "README.md shows the same five lines");
  const own = readFileSync(resolve(dirname(doc), "../clients/typescript/README.md"), "utf8");
  assert.ok(own.includes("```js\n" + block + "```"), "clients/typescript/README.md shows the same five lines");
});
