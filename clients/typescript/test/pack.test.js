// `npm pack` makes the tarball users would install: it holds every file the exports name and nothing of the tests,
// and, installed into an empty project, it imports (the client and the Worker without React; the hook resolves).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));

test("npm pack makes a tarball that installs and imports", () => {
  const dir = mkdtempSync(join(tmpdir(), "jobvault-pack-"));
  try {
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: pkgDir, encoding: "utf8" }));
    const files = packed.files.map((f) => f.path).sort();
    for (const entry of Object.values(pkg.exports)) {
      for (const target of Object.values(entry)) assert.ok(files.includes(target.replace(/^\.\//, "")), `${target} is packed`);
    }
    for (const f of ["package.json", "README.md", "src/worker.js", "src/sse.js", "src/errors.js", "src/client.js"]) {
      assert.ok(files.includes(f), `${f} is packed`);
    }
    assert.deepEqual(files.filter((f) => !f.startsWith("src/") && f !== "package.json" && f !== "README.md"), [],
      "nothing but the sources, package.json and the README");
    assert.equal(packed.name, "jobvault-client");

    const app = join(dir, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(dir, packed.filename)], { cwd: app, encoding: "utf8" });
    const probe = `
      const c = await import("jobvault-client");
      const names = ["JobvaultClient", "JobvaultError", "Worker", "Snooze", "Retry", "Fail", "Cancel", "isTerminal"];
      const missing = names.filter((n) => typeof c[n] !== "function");
      if (missing.length) throw new Error("missing exports: " + missing);
      console.log(import.meta.resolve("jobvault-client/react"));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: app, encoding: "utf8" });
    assert.match(out, /node_modules\/jobvault-client\/src\/react\.js/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
