"""One entry point for everything the user can name on the command line."""

from __future__ import annotations

from typing import Iterable

from .local import LoadResult, load_paths
from .model import LoadError

__all__ = ["open_inputs", "is_url"]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def open_inputs(inputs: Iterable[str]) -> LoadResult:
    """Load each path or URL; failures become one-line errors beside the rest."""
    result = LoadResult()
    paths: list[str] = []
    for raw in inputs:
        if is_url(raw):
            result.errors.append(LoadError(raw, "opening URLs is not supported yet"))
        else:
            paths.append(raw)
    if paths:
        result.extend(load_paths(paths))
    return result
