"""'Who are you?': each panel member picks their own name, with a PIN when set.

Nobody else's scores depend on this screen: the rules in the application
layer check the actor on every action, and signing in (PIN checks, the
count of wrong tries) happens in the services, off the event loop. Who is
listed, who needs a PIN and whether anyone may set up as the organiser come
from the read model (`OpenedSession.who_are_you`), which knows whether the
session is served to a browser or opened for one named person.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...services import OpenedSession, PanelService, Person, WhoAreYou
from ..messages import SignedIn
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from .base import PanelScreen
from .pin_prompt import PinPrompt

ORGANISER = "__organiser__"


class SignInScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Who are you?"
    HELP = (
        "Move to your own name with the arrow keys and press Enter. Nobody is chosen for you. "
        "If you have a PIN, you will be asked for it.\n\n"
        "Please only choose your own name: your scores are recorded as yours.\n\n"
        "If you are setting the session up and are not on the panel yet, choose "
        "'I am setting up this session'.\n\n"
        "Where everyone needs a PIN, people without one are marked 'no PIN yet'. "
        "Ask the chair: they can make you one in Set-up."
    )
    BINDINGS = [
        Binding("enter", "choose", "That's me", id="choose", tooltip="Sign in as the chosen person", priority=True),
        Binding("escape", "back", "Sessions", id="back", tooltip="Back to the list of sessions"),
    ]

    class Showing(Message):
        """'Who are you?' is on screen (first, or again after signing out): nobody is signed in on it."""

    def __init__(self, opened: OpenedSession) -> None:
        super().__init__()
        self.opened = opened
        self.people: dict[str, Person] = {}
        self._just_signed_in = False
        self.nobody = ""
        """Why nobody can sign in here (opened for a name nobody on the panel has), or ""."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Who are you?", classes="screen-title")
        yield Static("", id="vacancy", classes="hint")
        yield Static("", id="nobody", classes="hint")
        yield OptionList(id="people")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        """Back after someone signed out: nobody is chosen, so the next person cannot sign in as them by Enter.

        Closing the PIN box after a right PIN also resumes this screen, just after `SignedIn` was
        posted: that is no signing out, and saying `Showing` then would tell the app (and the hub)
        that nobody is signed in.
        """
        if self._just_signed_in:
            self._just_signed_in = False
            return
        self.query_one("#people", OptionList).highlighted = None
        self.refresh_data()
        self.post_message(self.Showing())

    def refresh_data(self) -> None:
        listing = self.attempt(self.opened.who_are_you)
        if listing is None:
            return
        self.query_one("#vacancy", Static).update(plain(f"Session: {listing.vacancy}"))
        people = self.query_one("#people", OptionList)
        chosen = people.highlighted_option.id if people.highlighted_option is not None else None
        people.clear_options()
        self.people = {p.id: p for p in listing.people}
        for person in listing.people:
            label = Text()
            label.append_text(plain(person.name))
            label.append(f"  ({person.group_label}, {person.role_label})")
            if person.has_pin:
                label.append("  PIN")
            elif listing.pins_required:
                label.append("  no PIN yet")
            people.add_option(Option(label, id=person.id))
        self._say_if_nobody(listing)
        if listing.organiser_allowed:
            people.add_option(Option(Text("I am setting up this session (not on the panel)"), id=ORGANISER))
        ids = [p.id for p in listing.people]
        people.highlighted = ids.index(chosen) if chosen in ids else None  # nobody chosen for you: one careless Enter signs nobody in
        people.focus()

    def _say_if_nobody(self, listing: WhoAreYou) -> None:
        """Opened for one named person who is not on the panel: say so plainly, instead of an empty list."""
        nobody = listing.only is not None and not listing.people
        self.nobody = (
            f"Nobody called {listing.only} is on this panel, so nobody can sign in here. "
            "Ask the chair to check how your name is written in Set-up."
        ) if nobody else ""
        line = self.query_one("#nobody", Static)
        line.display = nobody
        line.update(plain(self.nobody))
        self.query_one("#people", OptionList).display = not nobody  # no empty box to move about in

    @on(OptionList.OptionSelected, "#people")
    def _picked(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        people = self.query_one("#people", OptionList)
        option = people.highlighted_option
        if option is None or option.id is None:
            if self.nobody:
                self.app.notify(self.nobody, markup=False, timeout=8)
            else:
                self.app.notify("First move to your own name with the arrow keys, then press Enter.", markup=False, timeout=5)
            return
        if option.id == ORGANISER:
            service = self.attempt(self.opened.as_organiser)
            if service is not None:
                self.post_message(SignedIn(service))
            return
        person = self.people.get(option.id)
        if person is None:
            return
        if person.has_pin:
            self.app.push_screen(PinPrompt(self.opened, person), self._after_pin)
            return
        self.act("sign in", self.opened.sign_in, person.id, done=self._signed_in)

    def _after_pin(self, service: PanelService | None) -> None:
        """The PIN box closed: this screen resumes next, and with a right PIN that is no signing out."""
        self._just_signed_in = service is not None
        self._signed_in(service)

    def _signed_in(self, service: PanelService | None) -> None:
        if service is not None:
            self.post_message(SignedIn(service))

    def action_back(self) -> None:
        self.app.pop_screen()
