"""Whether a sync service is configured, and the sync state a status line shows.

Kept apart from :mod:`feeds.sync.engine` on purpose: the reader asks at
start whether sync is configured, and the engine's imports (the feed parser)
would cost its first screen tens of milliseconds; here they are imported only
once a service is actually configured and used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import SyncSettings

__all__ = ["NOT_CONFIGURED", "SyncStatus", "configured", "is_configured", "sync_status"]

NOT_CONFIGURED = ("no sync service is configured: set [sync] service, url, user and password_command "
                  "in the settings file")
_FIELDS = ("sync_service", "sync_url", "sync_user", "sync_password_command")


def is_configured(config) -> bool:
    """Every ``[sync]`` setting a sync needs is there (a loaded :class:`~feeds.core.config.Config`)."""
    return all(getattr(config, name, None) for name in _FIELDS)


def configured(config) -> "SyncSettings | None":
    """The ``[sync]`` settings of a loaded config, or None when any of them is missing."""
    if not is_configured(config):
        return None
    from .engine import SyncSettings

    return SyncSettings(*(getattr(config, name) for name in _FIELDS))


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """When the library last synced and how many local changes wait for the next sync."""

    last_sync: datetime | None
    queued: int

    def line(self, now: datetime | None = None) -> str:
        """"Synced 14:02 · 3 changes queued", in local time (with the date when it was not today)."""
        if self.last_sync is None:
            when = "Not synced yet"
        else:
            local = self.last_sync.astimezone()
            today = (now or datetime.now(timezone.utc)).astimezone().date()
            when = "Synced " + (local.strftime("%H:%M") if local.date() == today
                                else f"{local.day} {local.strftime('%b %H:%M')}")
        if not self.queued:
            return when
        return f"{when} · {self.queued} change{'s' if self.queued != 1 else ''} queued"


def sync_status(library) -> SyncStatus:
    """The library's sync state (two small queries: a user interface runs this off its UI thread)."""
    from .engine import LAST_SYNC_KEY

    value = library.sync_value(LAST_SYNC_KEY)
    last = None
    if value:
        try:
            last = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        except ValueError:
            last = None
    return SyncStatus(last_sync=last, queued=library.queue_length())
