"""The dialog's diagram in dialogs/README.md is the machine the engine runs, drawn by transitions."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.dialog.interview import STATES, TRANSITIONS, diagram

README = Path(__file__).resolve().parent.parent / "dialogs" / "README.md"


def test_the_diagram_in_the_docs_is_the_machine_the_engine_runs():
    shown = re.search(r"```mermaid\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert shown, "dialogs/README.md has no mermaid diagram of the dialog"
    assert shown.group(1) == diagram(), "the machine changed: paste assistant.dialog.interview.diagram() into dialogs/README.md"


def test_every_state_and_act_is_in_the_docs_table():
    text = README.read_text(encoding="utf-8")
    for state in STATES:
        assert f"| `{state}` |" in text
    acts = {t["trigger"] for t in TRANSITIONS} - {"settle"}
    assert all(a.startswith("act_") for a in acts)
