"""What both server clients do with HTTP: an answer read within a size cap, trouble in one line.

The server is the user's own, but its answers are still bounded like a feed's:
a body above :data:`MAX_RESPONSE_BYTES` is refused while it streams in, and
every network failure becomes one :class:`~feeds.sync.backend.SyncUnavailable`
line naming the server as the user can read it (never a traceback).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from ..core.sanitize import sanitize_line
from .backend import SyncUnavailable

__all__ = ["MAX_RESPONSE_BYTES", "one_line_errors", "read_capped"]

#: The largest answer read from a sync server.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


@contextmanager
def one_line_errors(shown: str) -> Iterator[None]:
    """Timeouts and network errors inside as one line about the server ``shown``."""
    try:
        yield
    except httpx.TimeoutException:
        raise SyncUnavailable(f"the sync server {shown} did not answer in time") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        reason = sanitize_line(str(exc) or type(exc).__name__, limit=200)
        raise SyncUnavailable(f"cannot reach the sync server {shown}: {reason}") from None


def read_capped(response: httpx.Response, shown: str) -> bytes:
    """The body of a 200 answer, refused once it passes :data:`MAX_RESPONSE_BYTES`."""
    if response.status_code != 200:
        raise SyncUnavailable(f"the sync server {shown} answered HTTP {response.status_code}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise SyncUnavailable(f"the sync server {shown} sent more than "
                                  f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB in one answer")
        chunks.append(chunk)
    return b"".join(chunks)
