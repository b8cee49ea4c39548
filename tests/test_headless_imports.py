"""The commands that run without a screen never import textual or prompt_toolkit (harlequin's import hygiene).

Proved in a subprocess by reading sys.modules after the command ran: a fast
start for scripts, and a core that does not lean on either shell.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import COMPLETE


PROBE = """
import sys
from assistant.shells.cli import main
code = main(sys.argv[1:])
shells = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'prompt_toolkit'))
print('SHELLS=' + ','.join(shells), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--answers", str(COMPLETE)],
        ["summary", "--answers", str(COMPLETE), "--format", "json"],
        ["questions"],
        ["list"],
    ],
    ids=lambda a: a[0],
)
def test_command_does_not_import_a_terminal_shell(args, tmp_path):
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    assert "SHELLS=\n" in result.stderr + "\n", result.stderr


def test_validate_does_not_import_a_terminal_shell(tmp_path):
    record = tmp_path / "record.toml"
    subprocess.run([sys.executable, "-m", "assistant", "run", "--answers", str(COMPLETE), "--out", str(record)], check=True)
    result = subprocess.run([sys.executable, "-c", PROBE, "validate", str(record)], capture_output=True, text=True)
    assert "SHELLS=\n" in result.stderr + "\n", result.stderr


def test_core_modules_import_neither_shell():
    modules = [
        "law.questions", "law.rules", "law.deadlines", "dialog.interview", "dialog.session",
        "files.answers", "files.record", "files.summary", "saved.store", "atomic", "errors",
    ]
    code = (
        "import sys\n"
        + "".join(f"import assistant.{m}\n" for m in modules)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'prompt_toolkit')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
