"""Errors the client raises: every problem+json answer of the server becomes a JobvaultError."""
from __future__ import annotations

import json
from typing import Any

PROBLEM_PREFIX = "https://jobvault.io/problems/"


class JobvaultError(Exception):
    """An RFC 9457 problem the server answered with (or a transport failure, status 0)."""

    def __init__(self, status: int, type: str = "about:blank", title: str = "", detail: str = "",
                 hint: str | None = None, errors: list[str] | None = None, body: dict[str, Any] | None = None):
        super().__init__(f"{status} {title}: {detail}" + (f" (hint: {hint})" if hint else ""))
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.hint = hint
        self.errors = errors or []
        self.body = body or {}

    @property
    def slug(self) -> str:
        """The problem type without its prefix, e.g. ``job-not-found``: what a caller switches on."""
        return self.type[len(PROBLEM_PREFIX):] if self.type.startswith(PROBLEM_PREFIX) else self.type

    @classmethod
    def from_response(cls, status: int, raw: bytes, reason: str = "") -> "JobvaultError":
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (ValueError, UnicodeDecodeError):
            body = {}
        if not isinstance(body, dict):
            body = {}
        return cls(status=int(body.get("status", status)), type=str(body.get("type", f"{PROBLEM_PREFIX}http-{status}")),
                   title=str(body.get("title", reason)), detail=str(body.get("detail", raw[:200].decode("utf-8", "replace"))),
                   hint=body.get("hint"), errors=list(body.get("errors") or []), body=body)


class ChecksumMismatch(JobvaultError):
    """A downloaded artifact's SHA-256 is not the one the server recorded: the partial file was removed."""

    def __init__(self, name: str, expected: str, actual: str):
        super().__init__(0, "checksum-mismatch", "Checksum mismatch",
                         f"artifact {name}: expected sha256 {expected}, got {actual}", "download it again")
        self.expected = expected
        self.actual = actual
