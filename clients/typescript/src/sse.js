/**
 * Reads server-sent events from a fetch Response body: yields {id, event, data} per event, per the HTML standard's
 * parsing rules (comments ignored, multi-line data joined with "\n").
 */
export async function* readEvents(body) {
  const decoder = new TextDecoder();
  let buffer = "";
  let id, event, data = [];
  const reader = body.getReader(); // not for-await: not every browser's ReadableStream is async-iterable
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
      if (line === "") {
        if (data.length > 0 || event) yield { id, event: event ?? "message", data: data.join("\n") };
        event = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") data.push(value);
      else if (field === "event") event = value;
      else if (field === "id") id = value;
    }
  }
}
