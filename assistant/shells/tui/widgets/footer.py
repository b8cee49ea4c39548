"""The footer: the keys of the screen in the app's language, redrawn only when they change."""

from __future__ import annotations

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
        if (tuple(shown), palette) == self._shown:
            return
        self._shown = (tuple(shown), palette)
        self.query_one("#footer-keys", Static).update("  ".join(_key(*entry) for entry in shown))
        self.query_one("#footer-palette", Static).update(_key(*palette) if palette else "")


def _escape(text: str) -> str:
    # A lone "[" (the key `[`) is markup's own bracket once a tag follows it: escape every one.
    return text.replace("[", r"\[")


def _key(key: str, shown: str, words: str, enabled: bool) -> str:
    """One key as markup: pressed when clicked (the app simulates the key, as Textual's footer does)."""
    text = f"[@click=app.simulate_key({key!r})][b $footer-key-foreground]{_escape(shown)}[/] {_escape(words)}[/]"
    return text if enabled else f"[dim]{text}[/]"
