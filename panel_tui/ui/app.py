"""The panel-tui Textual app: screens, themes, help and the command palette.

The app itself holds little: which session is open and who is signed in.
Each screen owns its behaviour and acts through the application layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import __version__
from ..domain.errors import PanelError
from ..services import PanelService, SignIn
from ..settings import Settings, load_settings, save_settings
from ..store import SessionFile
from .messages import OpenSession, SignedIn
from .save_queue import SaveQueue
from .screens.base import Attempts
from .screens.help import HelpScreen
from .screens.overview import OverviewScreen
from .screens.session_list import SessionListScreen
from .screens.sign_in import SignInScreen
from .themes import HIGH_CONTRAST, THEME_CYCLE


class PanelApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "panel-tui"
    SUB_TITLE = "interview panels, fairly"
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="What this screen is for, in plain words"),
        Binding("question_mark", "help", "Help", show=False, id="help-alt"),
        Binding("ctrl+t", "next_theme", "Colours", id="theme", tooltip="Change colours; one choice is high contrast"),
    ]

    def __init__(self, sessions_dir: Path, session_path: Path | None = None, settings_file: Path | None = None) -> None:
        super().__init__()
        self.sessions_dir = sessions_dir
        self.start_path = session_path
        self.settings_file = settings_file
        self.settings: Settings = load_settings(settings_file)
        self.sign_in = SignIn()
        self.session_file: SessionFile | None = None
        self.service: PanelService | None = None
        self.saves = SaveQueue()
        """Every save of a score or note, in the order typed, off the event loop."""

    # Start-up ---------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(SessionListScreen(self.sessions_dir))
        if self.start_path is not None:
            self.post_message(OpenSession(self.start_path))

    # Moving between screens ---------------------------------------------------

    @on(OpenSession)
    def _open_session(self, message: OpenSession) -> None:
        try:
            self.session_file = SessionFile.open(message.path)
        except PanelError as error:
            self.notify(str(error), title="Cannot open", severity="error", markup=False, timeout=12)
            return
        self.push_screen(SignInScreen(self.session_file, self.sign_in))

    @on(SignedIn)
    def _signed_in(self, message: SignedIn) -> None:
        assert self.session_file is not None
        self.service = PanelService(self.session_file, message.actor)
        self.push_screen(OverviewScreen(self.service))

    # App-wide actions ---------------------------------------------------------

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        text = screen.HELP if isinstance(screen, Attempts) else ""
        title = getattr(screen, "BINDING_GROUP_TITLE", None) or "panel-tui"
        keys = [
            (self.get_key_display(b.binding), b.binding.description)
            for b in screen.active_bindings.values()
            if b.binding.description and b.enabled
        ]
        self.push_screen(HelpScreen(title, text, keys))

    async def action_quit(self) -> None:
        """Save what is typed, wait for every queued save, then quit: nothing is lost."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if callable(flush):
                flush()
        self.saves.drain()
        self.exit()

    def on_unmount(self) -> None:
        self.saves.close()

    def action_next_theme(self) -> None:
        current = self.theme if self.theme in THEME_CYCLE else THEME_CYCLE[-1]
        self.theme = THEME_CYCLE[(THEME_CYCLE.index(current) + 1) % len(THEME_CYCLE)]
        self.notify(f"Colours: {self.theme}", markup=False, timeout=3)

    def _remember_theme(self, theme: object) -> None:
        self.settings = self.settings.model_copy(update={"theme": self.theme})
        save_settings(self.settings, self.settings_file)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key shown in the footer is also a command in the palette (Ctrl+P)."""
        yield from super().get_system_commands(screen)
        seen: set[str] = {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.description in seen:
                continue
            seen.add(binding.description)
            key = self.get_key_display(binding)
            help_text = f"{binding.tooltip or binding.description} (key: {key})"
            yield SystemCommand(binding.description, help_text, partial(self._run_binding, active.node, binding.action))

    def _run_binding(self, node: object, action: str) -> None:
        self.call_later(self.run_action, action, node)


def make_app(sessions_dir: Path, session_path: Path | None = None, settings_file: Path | None = None) -> PanelApp:
    """The one way to build the app, for the CLI and for the tests."""
    return PanelApp(sessions_dir=sessions_dir, session_path=session_path, settings_file=settings_file)


__all__ = ["PanelApp", "make_app", "__version__"]
