"""Time from a cold interpreter to the first question on screen, for our TUI or a minimal Textual app.

Run by bench/run.py in a fresh process each time, so import costs count.
Prints the milliseconds from before the first import to the moment
`#question` is laid out on screen with its words, looked at every 2 ms (a
pilot pause waits for the whole process to idle, and ours goes on loading
behind its first question); exit 3 when assistant.shells.tui is missing.
Ours then runs on until its chat takes keys (not timed), so that a first run
leaves the cover of the first question (assistant/shells/tui/opening.py) in
the cache, as a filer's first new interview does.
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


def question_shown(app) -> bool:
    """`#question` has its place on screen (the compositor has laid it out: it is drawn in that refresh) and words."""
    found = app.screen.query("#question")
    if not found:
        return False
    question = found.first()
    return question.region.height > 0 and bool(str(question.render()).strip())


def chat_live(app) -> bool:
    """Ours takes keys once its chat does; the baseline has nothing more to load."""
    return getattr(app.screen, "accepting", False) if hasattr(app, "session") else True


async def first_question(app) -> float:
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(2500):
            if question_shown(app):
                elapsed = time.perf_counter() - START
                for _ in range(500):
                    if chat_live(app):
                        return elapsed
                    await pilot.pause(0.01)
                raise SystemExit("the chat did not take keys within 5 s")
            await asyncio.sleep(0.002)
    raise SystemExit("no question on screen within 5 s")


def main() -> None:
    build = {"ours": ours, "baseline": baseline}[sys.argv[1]]
    with tempfile.TemporaryDirectory() as folder:
        elapsed = asyncio.run(first_question(build(Path(folder))))
    print(f"{elapsed * 1000:.3f}")


if __name__ == "__main__":
    main()
