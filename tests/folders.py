"""What is in a folder, to show that something refused changed nothing."""

from __future__ import annotations

from pathlib import Path


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes, but the lock's turn count (`.turns`): every try at a change moves it on."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.suffix != ".turns"}
