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


def test_the_shells_reach_the_law_only_through_the_dialog():
    """A `forbidden` contract: assistant.shells imports no assistant.law module itself (indirectly, through the
    dialog, it may); what it still ignores is the full screen's, each to go, never the plain chat's or the commands'."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "forbidden" and c["source_modules"] == ["assistant.shells"])
    assert contract["forbidden_modules"] == ["assistant.law"] and contract["allow_indirect_imports"] is True
    ignored = [line.split(" -> ")[0] for line in contract.get("ignore_imports", [])]
    assert all(module.startswith("assistant.shells.tui.") for module in ignored), ignored
    assert len(ignored) <= 8, "the list only shrinks"
