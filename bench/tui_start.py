"""Time from a cold interpreter to the first question on screen, for our TUI or a minimal Textual app.

Run by bench/run.py in a fresh process each time, so import costs count.
Prints the milliseconds from before the first import to the moment
`#question` is in the DOM after a pilot pause; exit 3 when assistant.shells.tui is missing.
"""

import time

START = time.perf_counter()

import asyncio  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402


def ours(folder: Path):
    try:
        from assistant.shells.tui.app import make_app
    except ImportError as error:
        print(f"unavailable: {error}", file=sys.stderr)
        raise SystemExit(3) from None
    from assistant.saved.store import Store

    return make_app(start="new", name="bench", lang="en", store=Store(folder))


def baseline(folder: Path):
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Static("Who uses the service?", id="question")

    return Minimal()


async def first_question(app) -> float:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(200):
            if app.screen.query("#question"):
                return time.perf_counter() - START
            await pilot.pause()
    raise SystemExit("no #question on screen after 200 pauses")


def main() -> None:
    build = {"ours": ours, "baseline": baseline}[sys.argv[1]]
    with tempfile.TemporaryDirectory() as folder:
        elapsed = asyncio.run(first_question(build(Path(folder))))
    print(f"{elapsed * 1000:.3f}")


if __name__ == "__main__":
    main()
