"""The dialog's diagram in dialogs/README.md is the machine the engine runs, drawn by transitions."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.dialog.interview import ACTS, PLACES, STATES, TRANSITIONS, Interview, diagram

README = Path(__file__).resolve().parent.parent / "dialogs" / "README.md"


def test_the_diagram_in_the_docs_is_the_machine_the_engine_runs():
    shown = re.search(r"```mermaid\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert shown, "dialogs/README.md has no mermaid diagram of the dialog"
    assert shown.group(1) == diagram(), "the machine changed: paste assistant.dialog.interview.diagram() into dialogs/README.md"


def test_every_state_and_act_is_in_the_docs_table():
    text = README.read_text(encoding="utf-8")
    for state in STATES:
        assert f"| `{state}` |" in text
    acts = {t["trigger"] for t in TRANSITIONS}
    assert all(a.startswith("act_") for a in acts)


def test_the_states_are_where_the_filer_stands_and_only_a_refusal_stays_put():
    """No generic `settle`: every transition is an act; one taken lands in a named state by that state's test,
    one its guard refuses stays where it is; only the language and leaving move nobody."""
    assert set(PLACES) == set(STATES)
    assert all(callable(getattr(Interview, test)) for test in PLACES.values())
    for act, _, guard, lands in ACTS:
        assert guard is None or callable(getattr(Interview, guard)), guard
        assert callable(getattr(Interview, "_take_" + act.removeprefix("act_")))
        assert lands is None or set(lands) <= set(STATES)
    for transition in TRANSITIONS:
        assert transition["trigger"].startswith("act_")
        if transition["dest"] == "=":
            assert "unless" in transition or transition["trigger"] in ("act_language", "act_leave"), transition
        else:
            assert transition["conditions"] == PLACES[transition["dest"]], transition
