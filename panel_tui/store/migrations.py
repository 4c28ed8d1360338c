"""Schema versions of a session file and the steps between them.

Migrations work on the raw tables, never on the models: the models describe
only the current schema. Each step takes version N to N+1.

Version 1 (the first prototypes) kept the scale flat on the session document
(`scale_low`, `scale_high`, `scale_labels`). Version 2 nests it as `scale` and
counts the committed audit trail in `_meta`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

SCHEMA_VERSION = 2
META_TABLE = "_meta"
META_ID = "meta"


def file_version(tables: Tables) -> int | None:
    meta = tables.get(META_TABLE, {}).get(META_ID)
    if not isinstance(meta, dict):
        return None
    version = meta.get("schema_version")
    return version if isinstance(version, int) else None


def _v1_to_v2(tables: Tables) -> Tables:
    for doc in tables.get("session", {}).values():
        low = doc.pop("scale_low", 0)
        high = doc.pop("scale_high", 4)
        labels = doc.pop("scale_labels", None)
        doc["scale"] = {"low": low, "high": high, **({"labels": labels} if labels else {})}
    meta = tables[META_TABLE][META_ID]
    meta.setdefault("audit_bytes", 0)
    meta.setdefault("revision", 0)
    return tables


STEPS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2}


def migrate(tables: Tables) -> Tables:
    """Bring tables of an older version up to SCHEMA_VERSION (on a copy)."""
    tables = copy.deepcopy(tables)
    version = file_version(tables)
    assert version is not None
    while version < SCHEMA_VERSION:
        tables = STEPS[version](tables)
        version += 1
        tables[META_TABLE][META_ID]["schema_version"] = version
    return tables
