"""The project works installed from a wheel: the question bank in dialogs/ ships inside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_built_wheel_carries_the_question_bank_and_finds_it(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("filing_assistant-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("assistant/dialogs/")}
    assert {p.name for p in (ROOT / "dialogs").glob("*.toml")} <= shipped

    # Unpacked away from the source tree, the package must find its own copy of the bank.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import assistant.law.questions as q, sys;"
        "folder = q.dialogs_folder();"
        "assert str(folder).startswith(sys.argv[1]), folder;"
        "print(len(q.load_bank().questions))"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "FILING_ASSISTANT_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 50

    answers = ROOT / "tests" / "data" / "examples" / "e04-photo-restoration.answers.toml"
    summary = subprocess.run(
        [sys.executable, "-m", "assistant", "summary", "--answers", str(answers), "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    assert summary.returncode == 0, summary.stderr
    assert '"deep_synthesis_provider": true' in summary.stdout
    assert "assistant/shells/tui/app.tcss" in names, "the TUI stylesheet must ship in the wheel"
