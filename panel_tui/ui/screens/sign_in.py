"""'Who are you?': each panel member picks their own name, with a PIN when set.

Nobody else's scores depend on this screen: the rules in the application
layer check the actor on every action.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.models import ROLE_LABELS, Role
from ...services import Actor, SignIn
from ...store import SessionFile
from ..messages import SignedIn
from ..text import plain
from .base import PanelScreen
from .pin_prompt import PinPrompt

ORGANISER = "__organiser__"


class SignInScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Who are you?"
    HELP = (
        "Choose your own name from the list and press Enter. "
        "If you have a PIN, you will be asked for it.\n\n"
        "Please only choose your own name: your scores are recorded as yours.\n\n"
        "If you are setting the session up and are not on the panel yet, choose "
        "'I am setting up this session'."
    )
    BINDINGS = [
        Binding("enter", "choose", "That's me", id="choose", tooltip="Sign in as the chosen person", priority=True),
        Binding("escape", "back", "Sessions", id="back", tooltip="Back to the list of sessions"),
    ]

    def __init__(self, session_file: SessionFile, sign_in: SignIn) -> None:
        super().__init__()
        self.session_file = session_file
        self.sign_in = sign_in

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Who are you?", classes="screen-title")
        yield Static("", id="vacancy", classes="hint")
        yield OptionList(id="people")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        state = self.attempt(self.session_file.state)
        if state is None:
            return
        session = state.session
        self.query_one("#vacancy", Static).update(plain(f"Session: {session.vacancy}"))
        people = self.query_one("#people", OptionList)
        people.clear_options()
        for member in sorted(state.members, key=lambda m: (m.role is not Role.CHAIR, m.name.casefold())):
            label = Text()
            label.append_text(plain(member.name))
            label.append(f"  ({session.group_label(member.group)}, {ROLE_LABELS[member.role]})")
            if member.pin_hash:
                label.append("  PIN")
            people.add_option(Option(label, id=member.id))
        if not any(m.role is Role.CHAIR for m in state.members):
            people.add_option(Option(Text("I am setting up this session (not on the panel)"), id=ORGANISER))
        people.highlighted = 0 if people.option_count else None
        people.focus()

    @on(OptionList.OptionSelected, "#people")
    def _picked(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        people = self.query_one("#people", OptionList)
        if people.highlighted is None:
            return
        chosen = people.get_option_at_index(people.highlighted).id
        if chosen == ORGANISER:
            self.post_message(SignedIn(Actor.tool("Organiser")))
            return
        state = self.attempt(self.session_file.state)
        if state is None or chosen is None:
            return
        member = self.attempt(state.member, chosen)
        if member is None:
            return
        if not self.sign_in.needs_pin(member):
            self.post_message(SignedIn(Actor.of(member)))
            return
        self.app.push_screen(PinPrompt(member, self.sign_in), self._after_pin)

    def _after_pin(self, actor: Actor | None) -> None:
        if actor is not None:
            self.post_message(SignedIn(actor))

    def action_back(self) -> None:
        self.app.pop_screen()

