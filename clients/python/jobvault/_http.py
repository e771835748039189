"""The one place that speaks HTTP: urllib with a bearer token, JSON in and out, problems raised as JobvaultError."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, BinaryIO, Mapping

from .errors import JobvaultError

USER_AGENT = "jobvault-python/0.1"


class Http:
    def __init__(self, base_url: str, token: str | None, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def url(self, path: str, query: Mapping[str, Any] | None = None) -> str:
        q = {k: v for k, v in (query or {}).items() if v is not None}
        return self.base_url + path + ("?" + urllib.parse.urlencode(q) if q else "")

    def open(self, method: str, path: str, *, query: Mapping[str, Any] | None = None, body: Any = None,
             data: bytes | BinaryIO | None = None, headers: Mapping[str, str] | None = None,
             timeout: float | None = None, authorize: bool = True):
        """Sends a request and returns the open response (the caller reads and closes it); raises on >= 400."""
        h = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if authorize and self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        url = path if path.startswith("http") else self.url(path, query)
        req = urllib.request.Request(url, data=data, method=method, headers=h)
        try:
            return urllib.request.urlopen(req, timeout=timeout or self.timeout)
        except urllib.error.HTTPError as e:
            with e:
                raise JobvaultError.from_response(e.code, e.read(), e.reason) from None
        except (urllib.error.URLError, OSError) as e:
            raise JobvaultError(0, "connection", "Cannot reach the server", f"{method} {url}: {e}",
                                "check the base URL and that the server runs") from e

    def json(self, method: str, path: str, **kw: Any) -> Any:
        with self.open(method, path, **kw) as r:
            raw = r.read()
        return json.loads(raw) if raw else None
