"""The ``[keys]`` settings: binding ids and key strings checked before Textual sees them.

Textual's ``App.set_keymap`` silently ignores an unknown id and binds any
string as a key, so a typo would leave the user wondering why nothing
happens. Here each entry is checked once, at start, and every bad one is
reported in one line and left out.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, key_to_character

__all__ = ["Keymap", "binding_ids", "check_keymap"]

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(k.value for k in Keys)
#: Where bindings live; importing them makes every screen's and widget's class known.
_BINDING_MODULES = ("tui.app", "tui.screens.reader", "tui.screens.library", "tui.screens.dialogs",
                    "tui.screens.help")


@dataclass(slots=True)
class Keymap:
    """What ``App.set_keymap`` gets, and one line for each entry that was refused."""

    keymap: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def binding_ids() -> set[str]:
    """Every ``Binding(id=...)`` declared by newsreader's own screens and widgets."""
    for module in _BINDING_MODULES:
        importlib.import_module(module)
    ids: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("tui."):
            ids.update(b.id for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding) and b.id)
    return ids


def valid_key(key: str) -> bool:
    """A key Textual can deliver: ``r``, ``R``, ``?``, ``f5``, ``ctrl+r``, ``question_mark``…"""
    if len(key) == 1:
        return key.isprintable()
    *modifiers, name = key.split("+")
    if not name or any(m not in MODIFIERS for m in modifiers):
        return False
    return len(name) == 1 or name in _NAMED_KEYS or key_to_character(name) is not None


def check_keymap(entries: dict[str, str], known: set[str] | None = None) -> Keymap:
    """Keep the entries with a known id and valid keys; one warning line for each other one."""
    result = Keymap()
    if not entries:
        return result
    known = binding_ids() if known is None else known
    for binding_id, keys in entries.items():
        if binding_id not in known:
            result.warnings.append(f"[keys] {binding_id!r} is not a binding id (the help screen lists them)")
            continue
        names = [k.strip() for k in keys.split(",")]
        bad = [k for k in names if not valid_key(k)]
        if bad or not names:
            result.warnings.append(f"[keys] {binding_id}: {', '.join(map(repr, bad or [keys]))} is not a key")
            continue
        result.keymap[binding_id] = ",".join(names)  # set_keymap turns "?" into "question_mark"
    return result
