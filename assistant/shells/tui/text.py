"""The TUI's own words, in English and Chinese; the questions and the law speak from dialogs/."""

from __future__ import annotations

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
