// Starts a real `jobvault server` for the tests: a free loopback port, a fresh --data directory, a random admin token.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function jar() {
  const path = process.env.JOBVAULT_JAR ?? join(repo, "jobvault-cli/target/jobvault.jar");
  if (!existsSync(path)) {
    // a fresh clone: ./jobvault builds the jar on first use
    const built = spawnSync(join(repo, "jobvault"), ["--help"], { stdio: ["ignore", "ignore", "inherit"] });
    if (built.status !== 0 || !existsSync(path)) throw new Error(`no ${path}, and ./jobvault --help could not build it`);
  }
  return path;
}

function java() {
  if (process.env.JAVA) return process.env.JAVA;
  // the JDK (21+) the repository's own scripts find, whatever `java` on the PATH is
  const found = spawnSync("bash", ["-c", `source "${join(repo, "scripts/find-jdk.sh")}" >/dev/null && echo "$JAVA_HOME"`],
    { encoding: "utf8" });
  const home = found.status === 0 ? found.stdout.trim() : process.env.JAVA_HOME;
  return home ? join(home, "bin", "java") : "java";
}

/** Runs `jobvault ARGS…` (a CLI command such as `token create`) to its end: its standard output. */
export function cli(args) {
  const run = spawnSync(java(), ["-jar", jar(), ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`jobvault ${args.join(" ")} exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** A running server: {baseUrl, adminToken, data (its --data directory), stop()}. */
export async function startServer(extraArgs = []) {
  const data = mkdtempSync(join(tmpdir(), "jobvault-ts-"));
  const adminToken = `ts-admin-${randomBytes(16).toString("hex")}`;
  const child = spawn(java(), ["-jar", jar(), "server", "--port", "0", "--host", "127.0.0.1", "--data", data, "--demo",
    ...extraArgs], {
    env: { ...process.env, JOBVAULT_ADMIN_TOKEN: adminToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const baseUrl = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within 60 s:\n${output}`)), 60_000);
    child.stdout.on("data", (d) => {
      output += d;
      const m = /Jobvault serving (http:\/\/[^ ]+) \(/.exec(output); // the whole address, not a chunk of it
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    baseUrl,
    adminToken,
    data,
    async stop() {
      child.removeAllListeners("exit");
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}
