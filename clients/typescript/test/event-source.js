// A minimal EventSource for Node 20 (which has none), so the tests drive useJob's browser path against the real
// server: a GET of the URL as given (the hook puts its token in ?access_token=), events dispatched by name, onerror
// when the answer is not a stream or the stream ends, close(). Every instance is kept in `opened`.
import { readEvents } from "../src/sse.js";

export const opened = [];

export class TestEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;

  #listeners = new Map();
  #abort = new AbortController();

  constructor(url) {
    this.url = url;
    this.readyState = TestEventSource.CONNECTING;
    this.onerror = null;
    this.status = undefined; // the answer's status, for the tests
    opened.push(this);
    this.#read();
  }

  addEventListener(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, []);
    this.#listeners.get(type).push(listener);
  }

  close() {
    this.readyState = TestEventSource.CLOSED;
    this.#abort.abort();
  }

  async #read() {
    try {
      const res = await fetch(this.url, { headers: { Accept: "text/event-stream" }, signal: this.#abort.signal });
      this.status = res.status;
      if (!res.ok || !(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) throw new Error(`${res.status}`);
      this.readyState = TestEventSource.OPEN;
      for await (const e of readEvents(res.body)) {
        if (this.readyState === TestEventSource.CLOSED) return;
        for (const l of this.#listeners.get(e.event) ?? []) l({ type: e.event, data: e.data, lastEventId: e.id });
      }
    } catch {
      // below: as a browser does, an error event (it would reconnect; the hook closes it instead)
    }
    if (this.readyState !== TestEventSource.CLOSED) this.onerror?.({ type: "error" });
  }
}
