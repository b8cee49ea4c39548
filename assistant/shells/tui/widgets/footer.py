"""The footer: the keys of the screen in the app's language, redrawn only when they change."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from assistant.shells.tui.text import key_words


class KeysFooter(Horizontal):
    """The keys the screen offers now, each said in the app's language (keys.toml, by action); a click presses it.

    Textual's Footer rebuilds one widget per key whenever focus moves (at every
    question in the chat, and that took half the time of an answer) and says
    what each key does in the words of its BINDINGS. This one is two lines of
    text, updated only when what they say changes.
    """

    KEPT = ("f1", "f4", "escape", "ctrl+q", "f9")
    """The keys shown at every width: help, the language, back or close, quit, and the findings (on a narrow screen
    folded away behind F9). Where the line is too short for all, the others go, the last first, each whole: a key
    is never cut inside its words."""

    def compose(self) -> ComposeResult:
        yield Static(id="footer-keys")
        yield Static(id="footer-palette")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.watch(self.app, "lang", lambda _: self._bindings_changed(self.screen), init=False)
        self._shown: tuple = ()
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        lang = self.app.lang
        palette_key = self.app.COMMAND_PALETTE_BINDING
        shown = []
        palette = None
        for key, (_, binding, enabled, _) in screen.active_bindings.items():
            if key == palette_key:
                palette = (key, self.app.get_key_display(binding), key_words(binding.action, lang, binding.description), enabled)
            elif binding.show:
                shown.append((key, self.app.get_key_display(binding), key_words(binding.action, lang, binding.description), enabled))
        self._show(shown, palette)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown:
            self._shown, (shown, palette, _) = (), self._shown
            self._show(list(shown), palette)

    def _show(self, shown: list[tuple[str, str, str, bool]], palette: tuple | None) -> None:
        room = self.size.width - (cell_len(f"{palette[1]} {palette[2]}") + 3 if palette and self.size.width >= 100 else 0)
        fitting = _fit(shown, room, self.KEPT) if room > 0 else shown
        if (tuple(shown), palette, tuple(fitting)) == self._shown:
            return
        self._shown = (tuple(shown), palette, tuple(fitting))
        self.query_one("#footer-keys", Static).update("  ".join(_key(*entry) for entry in fitting))
        self.query_one("#footer-palette", Static).update(_key(*palette) if palette else "")


def _fit(shown: list[tuple[str, str, str, bool]], room: int, kept: tuple[str, ...]) -> list[tuple[str, str, str, bool]]:
    """The keys of `shown` that fit in `room` cells, two spaces apart: those of `kept` always, the others while
    they fit, dropped from the last."""
    fitting = list(shown)

    def width() -> int:
        return sum(cell_len(f"{entry[1]} {entry[2]}") for entry in fitting) + 2 * (len(fitting) - 1)

    while width() > room:
        dropped = [entry for entry in fitting if entry[0] not in kept]
        if not dropped:
            break
        fitting.remove(dropped[-1])
    return fitting


def _escape(text: str) -> str:
    # A lone "[" (the key `[`) is markup's own bracket once a tag follows it: escape every one.
    return text.replace("[", r"\[")


def _key(key: str, shown: str, words: str, enabled: bool) -> str:
    """One key as markup: pressed when clicked (the app simulates the key, as Textual's footer does)."""
    text = f"[@click=app.simulate_key({key!r})][b $footer-key-foreground]{_escape(shown)}[/] {_escape(words)}[/]"
    return text if enabled else f"[dim]{text}[/]"
