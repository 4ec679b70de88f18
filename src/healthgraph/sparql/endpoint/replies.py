"""Replies: an HTTP reply (status, content type, body) as the endpoint and its pages return them."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Reply"]


@dataclass
class Reply:
    """An HTTP reply: status, content type and body."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    fault: str = ""  # a traceback for the server's log; never sent to the client

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        """Build a plain-text reply (errors never carry stack traces or paths)."""
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())
