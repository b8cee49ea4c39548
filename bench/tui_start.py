"""Time from a cold interpreter to the first question on screen, for our TUI or a bare Textual app drawing the same.

    tui_start.py ours                 # a new interview in our TUI
    tui_start.py words FILE           # (not timed) the words of our first screen, as ours last drew it, into FILE
    tui_start.py baseline FILE        # a bare Textual app drawing the same first screen

Run by bench/run.py in a fresh process each time, so import costs count.
Prints the milliseconds from before the first import to the moment
`#question` is laid out on screen with its words, looked at every 2 ms (a
pilot pause waits for the whole process to idle, and ours goes on loading
behind its first question); exit 3 when assistant.shells.tui is missing.
Ours then runs on until its chat takes keys (not timed), so that a first run
leaves the cover of the first question (assistant/shells/tui/opening.py) in
the cache, as a filer's first new interview does.

The baseline draws what ours draws first: the same widgets (header, transcript
with the welcome, where the question stands, the question, its hint and its
options, the findings column) with the same words, in the same ids, laid out
by our stylesheet (assistant/shells/tui/app.tcss) at the same breakpoints. It
imports textual alone; the words come from FILE (JSON, read in a millisecond).
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


STYLESHEET = Path(__file__).resolve().parent.parent / "assistant" / "shells" / "tui" / "app.tcss"


def baseline(words_file: Path):
    import json

    from textual.app import App, ComposeResult
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Header, OptionList, Static

    words = json.loads(words_file.read_text(encoding="utf-8"))

    class First(Screen):
        AUTO_FOCUS = ""

        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal(id="main"):
                with Vertical(id="chat"):
                    with VerticalScroll(id="transcript"):
                        yield Static(words["welcome"], classes="turn note")
                    with VerticalScroll(id="ask"):
                        with Horizontal(id="ask-head"):
                            yield Static(words["where"], id="where")
                        yield Static(words["question"], id="question")
                        with Vertical(id="answer-box"):
                            with Vertical(classes="answer"):
                                if words["hint"]:
                                    yield Static(words["hint"], classes="hint")
                                if words["options"]:
                                    yield OptionList(*words["options"], id="choice", disabled=True)
                yield Vertical(id="findings")

        def on_mount(self) -> None:
            self.title = "filing-assistant"
            self.sub_title = "bench"
            self.query_one("#transcript").anchor()

    class Bare(App):
        CSS_PATH = str(STYLESHEET)
        HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
        VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

        def on_mount(self) -> None:
            self.push_screen(First())

    return Bare()


def write_words(out: Path) -> None:
    """The words of our first screen, as the chat last drew it (the cover kept in the cache), into `out`."""
    import json
    from dataclasses import asdict

    from assistant.shells.tui.opening import cover

    drawn = cover("en", "bench")
    if drawn is None:
        raise SystemExit("no first screen kept: run `tui_start.py ours` first, with the same FILING_ASSISTANT_CACHE")
    out.write_text(json.dumps({**asdict(drawn), "options": list(drawn.options)}, ensure_ascii=False), encoding="utf-8")


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
    which = sys.argv[1]
    if which == "words":
        write_words(Path(sys.argv[2]))
        return
    if which == "baseline":
        app = baseline(Path(sys.argv[2]))
        elapsed = asyncio.run(first_question(app))
    else:
        with tempfile.TemporaryDirectory() as folder:
            elapsed = asyncio.run(first_question(ours(Path(folder))))
    print(f"{elapsed * 1000:.3f}")


if __name__ == "__main__":
    main()
