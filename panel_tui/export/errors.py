"""Problems an export or an import can meet, each a plain sentence.

`ExportUsageError` marks problems with what was asked (a file that would be
overwritten, a folder that cannot be written, an unknown candidate code): the
CLI exits 2 for those, and 1 for problems with the session or the file read.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import PanelError


class ExportError(PanelError):
    """An export or import could not be done as asked."""


class ExportUsageError(ExportError):
    """What was asked cannot be done: change the command and try again."""


class WouldOverwrite(ExportUsageError):
    def __init__(self, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths)
        folder = paths[0].parent
        few = "this file is" if len(paths) == 1 else "these files are"
        super().__init__(
            f"In {folder} {few} already there and different: {names}. Nothing was written."
        )
        self.paths = paths


class OutputNotWritable(ExportUsageError):
    def __init__(self, folder: Path, reason: str = "") -> None:
        extra = f" ({reason})" if reason else ""
        super().__init__(f"Cannot write the export to {folder}{extra}. Choose another folder with --out.")


class NoSuchCode(ExportUsageError):
    def __init__(self, code: str) -> None:
        super().__init__(f"No candidate in this session has the code {code}. Check the code and try again.")


class NotAnExport(ExportError):
    """A file given to import is not a whole-session export this version can read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} cannot be imported: {reason}. Nothing was created.")
        self.reason = reason
