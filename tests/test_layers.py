"""The layers of assistant/ hold: the import-linter contracts in pyproject.toml, run as part of the suite.

Shells on top, the dialog below them, answers files / records / summaries and
saved interviews beside each other, the law at the bottom; deferred imports
inside functions count too. A broken contract names the import that breaks it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_layer_contract_in_pyproject_is_kept(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_name_every_folder_of_the_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = " ".join(next(c for c in config["contracts"] if c["type"] == "layers")["layers"])
    folders = {p.name for p in (ROOT / "assistant").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "assistant").glob("*.py") if p.stem not in ("__init__", "__main__")}
    for name in folders | modules:
        assert f"assistant.{name}" in layers, f"assistant/{name} is in no layer of the import-linter contract"
