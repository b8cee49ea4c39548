"""The TUI's own words, in English and Chinese; the questions and the law speak from dialogs/."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.law.wording import Words

TEXT = Words("tui", "dialog")
"""The TUI's own words (dialogs/wording/tui.toml), then the engine's."""

BINDING_TEXT = Words("keys")
"""The footer's key descriptions, by action (dialogs/wording/keys.toml)."""


def t(key: str, lang: str, **values: Any) -> str:
    return TEXT.say(key, lang, **values)


def _relabelled(binding: Any, lang: str) -> Any:
    action = binding.action.rsplit(".", 1)[-1]
    if action not in BINDING_TEXT:
        return binding
    return replace(binding, description=BINDING_TEXT[action](lang))


def relabel_bindings(node: Any, lang: str) -> None:
    """Put the footer's key descriptions of `node` into `lang`.

    Textual keeps a node's bindings in a map built from BINDINGS; descriptions
    are replaced in that map so the footer speaks the interview's language.
    """
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [_relabelled(b, lang) for b in bindings]
    if node.is_mounted:
        node.refresh_bindings()
