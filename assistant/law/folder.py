"""Where the question bank and its wording are: a module of its own, so that finding them imports nothing else."""

from __future__ import annotations

from pathlib import Path


def dialogs_folder() -> Path:
    """Where the question bank is: assistant/dialogs in an installed wheel, else dialogs/ of the source tree."""
    here = Path(__file__).resolve().parent.parent  # assistant/
    packaged = here / "dialogs"
    return packaged if packaged.is_dir() else here.parent / "dialogs"
