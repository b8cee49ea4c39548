"""The Textual chat TUI; imported only by the commands that open it (textual costs ~200 ms to import)."""

from __future__ import annotations

import datetime as dt


def run_tui(*, start: str = "home", name: str | None = None, lang: str | None = None, today: dt.date | None = None) -> int:
    """Run the TUI for one command (see `make_app`); the exit status is 0 once everything is saved."""
    from assistant.shells.tui.app import make_app

    app = make_app(start, name, lang, today=today)
    try:
        app.run()
    finally:
        app.close_session()
    if app.failure is not None:
        raise app.failure  # the new interview could not be made behind the cover: bad input, as before the app
    return app.return_code or 0
