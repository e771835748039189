// The export page: asks the backend for an export, then follows the job straight from Jobvault with useJob and a
// per-job read token, and offers the PDF when it is ready. The export's id sits in the address (#export=…), so a
// reload — or a backend that restarted meanwhile — picks the same job up again with a fresh read token.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { useJob } from "jobvault-client/react";

async function backend(path, init = {}) {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json", ...init.headers }, ...init });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${answer.title}${answer.detail ? `: ${answer.detail}` : ""}`);
  return answer;
}

function exportInAddress() {
  return new URLSearchParams(location.hash.slice(1)).get("export");
}

/** Downloads through a same-origin blob link, so the browser saves the file under its name. */
async function download(artifact) {
  const res = await fetch(artifact.href); // the signed link: no token needed
  if (!res.ok) throw new Error(`download failed: ${res.status} ${res.statusText}`);
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await res.blob()), download: artifact.name });
  link.click();
  URL.revokeObjectURL(link.href);
}

function App() {
  const [exp, setExport] = useState(null); // {id, token, jobvault}
  const [problem, setProblem] = useState(null);
  const [downloaded, setDownloaded] = useState(false);
  const { state, progress, artifacts, error, done } = useJob(exp?.id, { token: exp?.token, baseUrl: exp?.jobvault });

  useEffect(() => {
    const id = exportInAddress();
    if (id) backend(`/api/exports/${encodeURIComponent(id)}/read-token`).then(setExport, (e) => setProblem(e.message));
  }, []);

  async function start() {
    setProblem(null);
    try {
      const started = await backend("/api/exports", {
        headers: { "Idempotency-Key": `export-${crypto.randomUUID()}` }, body: JSON.stringify({ title: "Quarterly report", pages: 5 }),
      });
      location.hash = `export=${started.id}`;
      setExport(started);
    } catch (e) {
      setProblem(e.message);
    }
  }

  const pdf = artifacts.find((a) => a.name === "report.pdf");
  return (
    <main>
      <h1>Quarterly report</h1>
      <button id="export" onClick={start} disabled={Boolean(exp) && !done}>Export PDF</button>
      {exp && (
        <section>
          <p>Export <code id="job">{exp.id}</code>: <strong id="state">{state ?? "…"}</strong></p>
          <progress id="progress" max="100" value={progress?.percent ?? 0} />
          <p id="message">{progress?.message ?? ""}</p>
        </section>
      )}
      {state === "succeeded" && pdf && (
        <button id="download" onClick={() => download(pdf).then(() => setDownloaded(true), (e) => setProblem(e.message))}>
          Download {pdf.name} ({Math.round(pdf.size / 1024)} KiB)
        </button>
      )}
      {downloaded && <p id="downloaded">Downloaded.</p>}
      {(problem || error) && <p className="error" id="error">{problem ?? error.message}</p>}
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
