"""Named, ordered rules: how every decision of the analyser is made and traced.

A rule is a small function with a name (``"cue:according-to"``,
``"speaker:apposition"``, ``"resolve:pronoun"``, ``"figure:money"``,
``"source:gazetteer"``), an order within its group, and examples: sentences it
must fire on and sentences it must not fire on. ``tests/analysis/test_rules.py``
runs every example of every registered rule through ``analyze`` and checks
that the rule's name is (or is not) among the ``why`` of the items produced.
So a rule that goes wrong can be found by name, and changed or removed alone.

Groups and their prefixes: ``seg`` (segmentation), ``quote`` (candidate quotes
and quote filters), ``cue`` (speech cues), ``speaker`` (the phrase naming a
speaker), ``resolve`` (pronouns, descriptions, titles, issuers, authors),
``figure`` (figure patterns and units), ``source`` (source rules).

Use::

    @rule("cue:according-to", order=10,
          fires=['Prices rose, according to the central bank.'],
          not_on=['She was sworn in according to custom.'])
    def according_to(...): ...

The decorator returns the function unchanged; when the rule decides something
the code appends ``RULE.name`` (or the literal name) to the item's ``why``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union

__all__ = ["Rule", "rule", "declare", "rules", "get", "GROUPS"]

GROUPS = ("seg", "quote", "cue", "speaker", "resolve", "figure", "source")

F = TypeVar("F", bound=Callable[..., Any])


#: A rule's example: an article's text, or (title, text).
Example = Union[str, tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    order: int
    #: Examples: texts, or (title, text) for a rule that reads the article's title too.
    fires: tuple[Example, ...] = ()
    not_on: tuple[Example, ...] = ()
    doc: str = ""
    fn: Callable[..., Any] | None = field(default=None, compare=False, repr=False)

    @property
    def group(self) -> str:
        return self.name.split(":", 1)[0]


_REGISTRY: dict[str, Rule] = {}


def rule(name: str, *, order: int, fires: list[str] | tuple[str, ...] = (),
         not_on: list[str] | tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register ``fn`` as the rule ``name`` (``group:what``) with its examples."""
    group = name.split(":", 1)[0]
    if group not in GROUPS or ":" not in name:
        raise ValueError(f"rule name {name!r} must be GROUP:what with GROUP in {GROUPS}")

    def deco(fn: F) -> F:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"rule {name!r} registered twice")
        _REGISTRY[name] = Rule(name, order, tuple(fires), tuple(not_on), (fn.__doc__ or "").strip(), fn)
        return fn

    return deco


def declare(name: str, *, order: int, fires: Sequence[Example] = (),
            not_on: Sequence[Example] = (), doc: str = "") -> str:
    """Register a rule that is a table row or a regex rather than a function; returns its name."""
    if name in _REGISTRY:
        raise ValueError(f"rule {name!r} registered twice")
    group = name.split(":", 1)[0]
    if group not in GROUPS or ":" not in name:
        raise ValueError(f"rule name {name!r} must be GROUP:what with GROUP in {GROUPS}")
    _REGISTRY[name] = Rule(name, order, tuple(fires), tuple(not_on), doc)
    return name


def rules(group: str | None = None) -> Iterator[Rule]:
    """Registered rules (of one group), in group order then rule order."""
    for r in sorted(_REGISTRY.values(), key=lambda r: (GROUPS.index(r.group), r.order, r.name)):
        if group is None or r.group == group:
            yield r


def get(name: str) -> Rule:
    return _REGISTRY[name]
