"""The home screen: saved interviews with progress, roles so far and last change; open, duplicate, delete, new, and
the interview of the next algorithm of a service that shows several."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Static

from assistant.dialog.session import overview
from assistant.errors import BadInput
from assistant.files.summary import role_title
from assistant.dialog.terms import china_zone
from assistant.law.questions import load_bank
from assistant.shells.tui.messages import NewInterview, NextAlgorithm, OpenInterview
from assistant.shells.tui.screens.base import DrawnFirst, seen
from assistant.shells.tui.text import joined, t
from assistant.shells.tui.widgets.footer import KeysFooter

CHINA = china_zone()

COLUMNS = (("col_name", 28), ("col_progress", 10), ("col_updated", 18), ("col_roles", 56))
"""The columns of the list and their widths on a wide screen; the roles get what is left on a narrow one."""


class HomeScreen(DrawnFirst, Screen[None]):
    """Every saved interview, the damaged ones named with what is wrong; or, when there are none, what the tool does."""

    BINDINGS = [
        Binding("n", "new", "New"),
        Binding("o", "open", "Open"),
        Binding("d", "duplicate", "Duplicate"),
        Binding("delete", "delete", "Delete"),
        Binding("x", "delete", "Delete", show=False),
        Binding("a", "next_algorithm", "Next algorithm"),
    ]

    algorithms: dict[str, int] = {}
    """Saved interview -> how many algorithms its service shows (`overview`)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="home-title", classes="panel-title")
            yield DataTable(id="interviews", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="buttons", id="home-buttons"):
                yield Button(id="next-algorithm")
            with Center(id="empty"):
                yield Static(id="empty-text")
                yield Button(id="start", variant="primary")
            yield Static(id="damaged")
            yield Static(id="disclaimer", classes="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        # In the new language at once where it is seen; otherwise when shown again (on_screen_resume reads it anew).
        self.watch(self.app, "lang", lambda _: self.refresh_list(reread=False) if seen(self) else None, init=False)

    def on_screen_resume(self) -> None:
        # Sent when the screen is first shown and whenever it is shown again: one refresh each time.
        self.refresh_list()

    def on_resize(self) -> None:
        # Only the columns' widths follow the size: the interviews read from disk when shown are kept.
        if self._found is not None and self._widths() != self._drawn_widths:
            self.refresh_list(reread=False)

    @property
    def lang(self) -> str:
        return self.app.lang

    _found: tuple[list, list] | None = None
    """The interviews and damaged files as last read from disk (`overview`)."""
    _drawn_widths: dict[str, int] | None = None

    def _widths(self) -> dict[str, int]:
        # On a narrow screen the name and the roles give way, so that every column stays in sight.
        room = max(self.app.size.width - 10, 60)
        widths = dict(COLUMNS)
        if room < sum(widths.values()) + 8:
            widths["col_name"] = 20
            widths["col_roles"] = max(room - 20 - 10 - 16 - 8, 12)
            widths["col_updated"] = 16
        return widths

    def refresh_list(self, reread: bool = True) -> None:
        """The saved interviews as they are on disk now (`reread`; else as last read), in the app's language."""
        lang = self.lang
        self.title = "filing-assistant"
        self.sub_title = t("home_title", lang)
        self.query_one("#home-title", Static).update(t("home_title", lang))
        self.query_one("#empty-text", Static).update(t("empty", lang))
        self.query_one("#start", Button).label = t("start", lang)
        self.query_one("#disclaimer", Static).update(t("disclaimer", lang))
        store = self.app.store
        bank = load_bank()
        if reread or self._found is None:
            try:
                self._found = overview(store, self.app.today, bank)
            except BadInput as error:
                self._found = [], []
                self.app.notify("; ".join(error.lines(lang)), severity="error")
        glances, damaged = self._found
        self.algorithms = {g.saved.name: len(g.algorithms) for g in glances}
        self.query_one("#next-algorithm", Button).label = t("next_algorithm", lang) + " (a)"
        table = self.query_one("#interviews", DataTable)
        row = table.cursor_row
        kept = self.highlighted()  # the interview highlighted stays so when the list reorders (a copy goes first)
        table.clear(columns=True)
        widths = self._drawn_widths = self._widths()
        for key, _ in COLUMNS:
            table.add_column(t(key, lang), width=widths[key])
        glances = sorted(glances, key=lambda g: g.saved.updated, reverse=True)
        for g in glances:
            item = g.saved
            held = joined([role_title(bank, r, lang) for r in g.roles], lang) or t("none", lang)
            # In China time, as every other screen and file gives a time.
            updated = item.updated.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if item.updated else ""
            # As tall as its roles need: a narrow screen wraps them rather than cutting them off.
            table.add_row(Text(item.name), f"{g.progress}%", updated, Text(held), key=item.name, height=None)
        warnings = [f"⚠ {bad.name}: {t('damaged', lang, reason=bad.reason)}" for bad in damaged]
        warnings += [
            f"⚠ {g.saved.name}: {t('unreadable_home', lang, n=len(g.unreadable))}" for g in glances if g.unreadable
        ]
        self.query_one("#damaged", Static).update("\n".join(escape(w) for w in warnings))
        empty = not glances
        self.query_one("#empty").display = empty
        table.display = not empty
        if empty:
            self.query_one("#start", Button).focus()
        else:
            names = [g.saved.name for g in glances]
            table.move_cursor(row=names.index(kept) if kept in names else min(row, table.row_count - 1))
            table.focus()
        self._offer_next_algorithm()

    @on(DataTable.RowHighlighted, "#interviews")
    def _offer_next_algorithm(self) -> None:
        """"File the next algorithm" for the highlighted interview, only where its service shows more than one."""
        self.query_one("#home-buttons").display = self.several_algorithms()
        self.refresh_bindings()

    def highlighted(self) -> str | None:
        table = self.query_one("#interviews", DataTable)
        if not table.display or not table.row_count:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value)

    def several_algorithms(self) -> bool:
        name = self.highlighted()
        return name is not None and self.algorithms.get(name, 0) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_algorithm":
            return self.several_algorithms()
        return True

    @on(Button.Pressed, "#next-algorithm")
    def action_next_algorithm(self) -> None:
        name = self.highlighted()
        if name is not None and self.several_algorithms():
            self.post_message(NextAlgorithm(name))

    def selected(self) -> str | None:
        table = self.query_one("#interviews", DataTable)
        if not table.display or not table.row_count:
            self.app.notify(t("nothing_selected", self.lang), severity="warning")
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value)

    @on(Button.Pressed, "#start")
    def action_new(self) -> None:
        self.post_message(NewInterview())

    @on(DataTable.RowSelected, "#interviews")
    def action_open(self) -> None:
        name = self.selected()
        if name:
            self.post_message(OpenInterview(name, create=False))

    def action_duplicate(self) -> None:
        name = self.selected()
        if not name:
            return
        try:
            new = self.app.store.duplicate(name)
        except BadInput as error:
            self.app.notify("; ".join(error.lines(self.lang)), severity="error")
            return
        self.app.notify(t("duplicated", self.lang, name=name, new=new))
        self.refresh_list()

    def action_delete(self) -> None:
        from assistant.shells.tui.screens.dialogs import ConfirmScreen

        name = self.selected()
        if not name:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.store.delete(name)
            except BadInput as error:
                self.app.notify("; ".join(error.lines(self.lang)), severity="error")
                return
            self.app.notify(t("deleted", self.lang, name=name))
            self.refresh_list()

        self.app.push_screen(ConfirmScreen(t("confirm_delete", self.lang, name=name), t("delete", self.lang), self.lang), confirmed)
