"""Tables of the panel, the candidates and the questions, shared by screens.

Every cell holding user text is a `Text`, so markup in a name is shown as
typed. Rows are keyed by the model's id, so a screen can act on the
highlighted row without keeping its own list.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from ...domain.errors import UnknownMember
from ...domain.models import ROLE_LABELS, QuestionStatus
from ...domain.state import SessionState
from ..text import cell, plain

STATUS_MARKS = {
    QuestionStatus.AGREED: "✓ agreed",
    QuestionStatus.PROPOSED: "? proposed",
    QuestionStatus.WITHDRAWN: "✗ withdrawn",
}


class KeyedTable(DataTable[Text]):
    """A row-cursor table that keeps the cursor on the same row across reloads."""

    def __init__(self, *columns: str, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = columns

    def on_mount(self) -> None:
        self.add_columns(*self._columns)

    def fill(self, rows: list[tuple[str, list[Text]]]) -> None:
        current = self.highlighted_key
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if current is not None and current in {k for k, _ in rows}:
            self.move_cursor(row=self.get_row_index(current))

    @property
    def highlighted_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:  # the cursor can sit outside an emptied table
            return None
        return key.value


def member_rows(state: SessionState) -> list[tuple[str, list[Text]]]:
    return [
        (
            m.id,
            [cell(m.name), cell(state.group_label(m.group)), Text(ROLE_LABELS[m.role]), Text("PIN" if m.pin_hash else ""), cell(m.access_needs)],
        )
        for m in sorted(state.members, key=lambda m: m.name.casefold())
    ]


MEMBER_COLUMNS = ("Name", "Group", "Role", "PIN", "Access needs")
CANDIDATE_COLUMNS = ("Code", "Name", "Interview", "Adjustments")


def member_detail(state: SessionState, member_id: str | None) -> Text:
    """The chosen panel member in full, wrapped, under the table: nothing a narrow column cut is lost."""
    if member_id is None:
        return Text("")
    m = state.member(member_id)
    text = Text()
    text.append_text(plain(m.name, "bold"))
    text.append(f" · {state.group_label(m.group)} · {ROLE_LABELS[m.role]} · {'has a PIN' if m.pin_hash else 'no PIN'}")
    text.append("\nAccess needs: ")
    text.append_text(plain(m.access_needs or "none given"))
    return text


def candidate_detail(state: SessionState, candidate_id: str | None) -> Text:
    """The chosen candidate in full, wrapped, under the table."""
    if candidate_id is None:
        return Text("")
    c = state.candidate(candidate_id)
    text = Text()
    text.append_text(plain(f"{c.code} {c.name}", "bold"))
    text.append(" · Interview: ")
    text.append_text(plain(c.slot or "not set"))
    text.append("\nAdjustments: ")
    text.append_text(plain(c.adjustments or "none"))
    return text
QUESTION_COLUMNS = ("#", "Question", "Status", "Written by")


def candidate_rows(state: SessionState, show_names: bool = True) -> list[tuple[str, list[Text]]]:
    return [
        (
            c.id,
            [cell(c.code), cell(c.name if show_names else "(hidden)"), cell(c.slot), cell(c.adjustments)],
        )
        for c in state.candidates_in_order
    ]


def question_rows(state: SessionState) -> list[tuple[str, list[Text]]]:
    ordered = sorted(state.questions, key=lambda q: (q.status is not QuestionStatus.AGREED, q.position))
    rows = []
    for number, q in enumerate(ordered, start=1):
        groups = []
        for author in q.authors:
            try:
                groups.append(state.group_label(state.member(author).group))
            except UnknownMember:  # an author who has since left the panel
                groups.append("former member")
        words = f"[Sift] {q.text}" if q.sift else q.text  # asked of written applications, not at interview
        rows.append((q.id, [Text(str(number)), cell(words), Text(STATUS_MARKS[q.status]), cell(", ".join(groups))]))
    return rows
