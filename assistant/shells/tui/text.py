"""The TUI's own words, in English and Chinese; the questions and the law speak from dialogs/."""

from __future__ import annotations

import re
from typing import Any

from assistant.law.wording import Words

TEXT = Words("tui", "dialog")
"""The TUI's own words (dialogs/wording/tui.toml), then the engine's."""

KEYS = Words("keys")
"""What each key does, by the name of its action, for the footer and the help (dialogs/wording/keys.toml)."""


def t(key: str, lang: str, **values: Any) -> str:
    return TEXT.say(key, lang, **values)


def key_words(action: str, lang: str, default: str = "") -> str:
    """What the key bound to `action` (`back`, `app.toggle_lang`) does, in `lang`; `default` for an action not in keys.toml."""
    name = action.rsplit(".", 1)[-1]
    return KEYS.say(name, lang) if name in KEYS else default


def joined(items: list[str], lang: str) -> str:
    """A list in running text: "a, b, c" or "甲、乙、丙"."""
    return ("、" if lang == "zh" else ", ").join(items)


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


COMMANDS = {
    "`filing-assistant new --like NAME`": "key_new_like",
    "`filing-assistant new --like 名称`": "key_new_like",
    "`filing-assistant summary`": "key_summary",
    "`filing-assistant draft`": "key_draft",
}
"""The commands the shared texts (summary, form, drafts) name, and the TUI's words for the key doing the same."""


IDS = re.compile(r"（[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+）|`[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`：")
"""An obligation's or a question's id beside its words in Chinese: "（genai.service_filing）", "`subject.name`：". The
files keep them (a reader looks them up, a script reads them); a Chinese screen says the words alone."""


def as_keys(text: str, lang: str) -> str:
    """`text` (shared with the files: summary, form, drafts) as the screen says it: each command it points to said as
    the key that does the same, and in Chinese no id beside the words."""
    for command, key in COMMANDS.items():
        if command in text:
            text = text.replace(command, t(key, lang))
    return IDS.sub("", text) if lang == "zh" else text
