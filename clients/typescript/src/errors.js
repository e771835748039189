/**
 * An error answer of the Jobvault API: its RFC 9457 problem details (status, type, title, detail, hint, errors),
 * or, for an answer that is not problem+json (a proxy's 502 page, say), the status and the body's start.
 */
export class JobvaultError extends Error {
  constructor({ status, type, title, detail, hint, errors, body }) {
    super(`${status} ${title ?? "error"}${detail ? `: ${detail}` : ""}${hint ? ` (${hint})` : ""}`);
    this.name = "JobvaultError";
    this.status = status;
    this.type = type ?? "about:blank";
    this.title = title ?? "";
    this.detail = detail ?? "";
    this.hint = hint ?? "";
    this.errors = errors ?? [];
    this.body = body;
  }

  /** The type's last segment, e.g. "job-not-found" for https://jobvault.io/problems/job-not-found. */
  get slug() {
    return this.type.slice(this.type.lastIndexOf("/") + 1);
  }

  /** Builds the error from a non-2xx fetch Response (reads its body). */
  static async fromResponse(res) {
    const text = await res.text().catch(() => "");
    if ((res.headers.get("content-type") ?? "").includes("json")) {
      try {
        const p = JSON.parse(text);
        return new JobvaultError({ status: res.status, type: p.type, title: p.title, detail: p.detail, hint: p.hint,
          errors: p.errors, body: p });
      } catch {
        // not JSON after all: below
      }
    }
    return new JobvaultError({ status: res.status, title: res.statusText || "HTTP error", detail: text.slice(0, 200), body: text });
  }
}
