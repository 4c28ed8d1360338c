"""Plain mode: panel-tui as lines of text, for a screen reader, a braille display, or anyone who wants it.

`panel-tui --plain` asks and answers in plain lines on standard input and
output: no boxes, no colour, no cursor movement, no escape codes; every
question says what may be typed, and every change is confirmed on its own
line. It covers a panel member's whole day (sign in, confidentiality,
conflicts, scoring with notes, reviewing and submitting the sheet, sifting
written applications, "you said, we did") and the chair agreeing scores. It acts only through the services and their read
models, as the full screen does: the rules are not written twice.

- `prompts`: asking and reading lines, and reading what people type.
- `session`: choosing a session, and 'Who are you?' with the PIN.
- `member_day`: the menu after signing in, the briefing, declaring a conflict.
- `scoring` and `sheet`: one candidate's sheet, question by question, then submitting it.
- `chair`: agreeing scores.
- `sift`: sifting written applications, one question at a time.
- `you_said`: "you said, we did", once every outcome is final.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from .member_day import member_day
from .prompts import EndOfInput, Lines, Stop
from .session import choose_session, open_session, sign_in

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1
EXIT_INTERRUPTED = 130

WELCOME = (
    "panel-tui, plain mode. Each question says what you can type. "
    "Type your answer and press Enter. Everything you enter is saved at once."
)
GOODBYE = "Everything you entered is saved. Goodbye."


def run_plain(
    sessions_dir: Path,
    session_path: Path | None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    member: str | None = None,
    require_pins: bool = False,
) -> int:
    """Run plain mode until the person stops; the exit code.

    `session_path` None: choose from the sessions in `sessions_dir` first.
    `member` and `require_pins` mean what they mean for the full screen
    (`OpenedSession`): only that person may sign in, and nobody without a PIN.
    Exit 0 when the person stops (q) or the input ends, 1 when the session
    file cannot be opened, 130 on Ctrl+C; every change is saved as it is
    typed, so none of these loses anything entered.
    """
    lines = Lines(stdin or sys.stdin, stdout or sys.stdout)
    try:
        lines.say(WELCOME)
        while True:
            path = session_path or choose_session(lines, sessions_dir)
            if path is None:
                return EXIT_OK
            opened = open_session(lines, path, pins_required=require_pins, member=member)
            if opened is None:
                return EXIT_CANNOT_OPEN
            while True:
                service = sign_in(lines, opened, back=session_path is None)
                if service is None:
                    break
                member_day(lines, service)
            if session_path is not None:
                return EXIT_OK
    except EndOfInput:
        lines.gap()
        lines.say(f"End of input. {GOODBYE}")
        return EXIT_OK
    except Stop:
        lines.say(f"Stopped. {GOODBYE}")
        return EXIT_OK
    except KeyboardInterrupt:
        lines.gap()
        lines.say(f"Stopped. {GOODBYE}")
        return EXIT_INTERRUPTED


__all__ = ["run_plain"]
