"""Schema versions of a session file and the steps between them.

Migrations work on the raw tables, never on the models: the models describe
only the current schema. Each step takes version N to N+1, and runs only on
a real, known older version number: a mark that is missing, not a whole
number (`true`, "2"), zero or negative, or a layout that does not match the
version it claims, is damage, never a reason to "migrate".

Version 1 (the first prototypes) kept the scale flat on the session document
(`scale_low`, `scale_high`, `scale_labels`). Version 2 nests it as `scale` and
counts the committed audit trail in `_meta`. Version 3 adds ids to audit
events (older events are read through `domain.audit.upgrade_refs`) and the
`pin_attempts` table; the step itself changes no data. So a file marked 1
whose scale is nested, or marked 2 that already has a `pin_attempts` table,
is a later file with a wrong mark, and is refused. Version 3 is not released
yet, so its later tables (reciprocity, feedback letters and the sift:
`LATER_TABLES`) come with it, and a version 3 file without them reads as
having none.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

SCHEMA_VERSION = 3
META_TABLE = "_meta"
META_ID = "meta"


class MigrationRefused(Exception):
    """The file's content does not match the version it claims; the caller reports it as damage."""


class BadVersionMark(Exception):
    """The version mark is there but is not a version number."""


def file_version(tables: Tables) -> int | None:
    """The file's schema version; None when it has no mark at all; BadVersionMark when the mark is not a version."""
    meta = tables.get(META_TABLE, {}).get(META_ID)
    if not isinstance(meta, dict) or "schema_version" not in meta:
        return None
    version = meta["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadVersionMark(repr(version))
    return version


def _v1_to_v2(tables: Tables) -> Tables:
    for doc in tables.get("session", {}).values():
        if "scale" in doc:  # even beside flat keys: version 1 never nested it, and migrating would reset it
            raise MigrationRefused("its version mark says 1, but its details are laid out as a later version")
        low = doc.pop("scale_low", 0)
        high = doc.pop("scale_high", 4)
        labels = doc.pop("scale_labels", None)
        doc["scale"] = {"low": low, "high": high, **({"labels": labels} if labels else {})}
    meta = tables[META_TABLE][META_ID]
    meta.setdefault("audit_bytes", 0)
    meta.setdefault("revision", 0)
    return tables


LATER_TABLES = ("pin_attempts", "reciprocity", "letters", "applicants", "applications", "sift_sheets", "sift_decisions")
"""The tables version 3 added: a file marked 2 never has one."""


def _v2_to_v3(tables: Tables) -> Tables:
    if any(name in tables for name in LATER_TABLES):
        raise MigrationRefused("its version mark says 2, but it is laid out as a later version")
    for name in LATER_TABLES:
        tables[name] = {}
    return tables


STEPS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(tables: Tables) -> Tables:
    """Bring tables of a known older version up to SCHEMA_VERSION (on a copy)."""
    tables = copy.deepcopy(tables)
    version = file_version(tables)
    if version is None or version not in STEPS:
        raise MigrationRefused(f"its version mark ({version}) is not a version panel-tui ever wrote")
    while version < SCHEMA_VERSION:
        tables = STEPS[version](tables)
        version += 1
        tables[META_TABLE][META_ID]["schema_version"] = version
    return tables
