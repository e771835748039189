"""A hand-written Server-Sent Events reader (the WHATWG event-stream format), enough for Jobvault's events."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Iterator


@dataclass(frozen=True)
class SseMessage:
    event: str
    data: str
    id: str | None


def read_events(stream: BinaryIO) -> Iterator[SseMessage]:
    """Yields each dispatched message; comments (``:``-lines, the server's keep-alives) and retry fields are skipped."""
    event, data, last_id = "", [], None
    for raw in stream:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield SseMessage(event or "message", "\n".join(data), last_id)
            event, data = "", []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            event = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            last_id = value
