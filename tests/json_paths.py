"""Walking a parsed JSON document, for the fuzz tests that damage one field of it (store and import alike)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

JsonPath = tuple[str | int, ...]


def json_values(texts: st.SearchStrategy[str], scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Small JSON values built from these texts and scalars: what a damaged field may hold instead."""
    return st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3), max_leaves=6
    )


def paths(value: Any, here: JsonPath = ()) -> list[JsonPath]:
    """Every place in the document: the root, each key of each object, each item of each list."""
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*here, index))
    return found


def at(doc: Any, path: JsonPath) -> Any:
    for step in path:
        doc = doc[step]
    return doc
