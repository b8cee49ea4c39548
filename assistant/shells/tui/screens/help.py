"""Help (F1): why the question on screen is asked, the keys, and a short glossary, in the interview's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from assistant.dialog.interview import Ask, Interview
from assistant.law.wording import area
from assistant.shells.tui.screens.base import DrawnFirst
from assistant.shells.tui.text import t
from assistant.shells.tui.widgets.footer import KeysFooter
from assistant.shells.tui.widgets.reader import Reader

KEYS = (
    ("F1", "help"),
    ("F2", "back"),
    ("F3", "skip"),
    ("F4", "toggle_lang"),
    ("F5", "review"),
    ("F6", "summary"),
    ("F7", "export"),
    ("F8", "toggle_theme"),
    ("F9", "findings"),
    ("Esc", "home"),
    ("Ctrl+P", "command_palette"),
    ("Ctrl+Q", "quit"),
)
"""The keys of the chat, by the action each runs; what each does is said in tui.toml (`help_key_<action>`)."""

GLOSSARY = "glossary_"
"""The glossary is every entry of tui.toml whose key starts so, in the order of the file."""


def help_markdown(lang: str, ask: Ask | None) -> str:
    """The help as Markdown: why we ask (when a question is on screen), the keys, the glossary. Its title is the
    screen's (in the title bar), not said again above its first section."""
    lines = []
    if ask is not None:
        lines += [f"## {t('help_why', lang)}", "", f"**{ask.text}**", "", ask.help, ""]
    lines += [f"## {t('help_keys', lang)}", ""]
    lines += [f"- `{key}`: {t(f'help_key_{action}', lang)}" for key, action in KEYS]
    lines += ["", t("help_answer_keys", lang), "", f"## {t('help_glossary', lang)}", ""]
    lines += [f"- {entry(lang)}" for key, entry in area("tui").items() if key.startswith(GLOSSARY)]
    lines += ["", t("disclaimer", lang)]
    return "\n".join(lines) + "\n"


class HelpScreen(DrawnFirst, Screen[None]):
    """The help, scrolled by keys and wheel, its sections jumped between with ] and [; Escape or F1 closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("right_square_bracket", "next_section", "Next section"),
        Binding("left_square_bracket", "previous_section", "Previous section"),
    ]

    def __init__(self, interview: Interview | None = None):
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        yield Header()
        yield Reader(id="help", show_table_of_contents=False)
        yield KeysFooter()

    async def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed)

    async def _lang_changed(self, lang: str) -> None:
        self.title = t("help_title", lang)
        ask = self.interview.view().ask if self.interview is not None else None
        await self.query_one(Reader).show(help_markdown(lang, ask))

    def action_next_section(self) -> None:
        self.query_one(Reader).next_section()

    def action_previous_section(self) -> None:
        self.query_one(Reader).previous_section()

    def action_close(self) -> None:
        self.dismiss(None)
