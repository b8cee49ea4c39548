"""Time from the key that gives an answer to the next question drawn and taking keys, answer after answer.

Run by bench/run.py in a fresh process: `tui_answer.py ours|baseline [N]`.
Prints one line of JSON, the milliseconds of each of the first N answers
(default 70), each timed from the key press to the next question on screen:

- ours: a new interview answered from bench/data/chatbot.answers.toml under
  Textual's pilot, each prompt through its input (the key that gives the
  answer is timed; moving to an option or typing a line before it is not);
- baseline: a bare Textual chat in the same harness: one Input, and each
  answer mounts one Static into a VerticalScroll and updates the question.

Exit 3 when assistant.shells.tui is missing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
ANSWERS = HERE / "data" / "chatbot.answers.toml"


async def ours(count: int) -> list[float]:
    try:
        from assistant.shells.tui.app import make_app
    except ImportError as error:
        print(f"unavailable: {error}", file=sys.stderr)
        raise SystemExit(3) from None
    from textual.widgets import Input, OptionList, TextArea

    from assistant.files.answers import load_answers
    from run import answer_for
    from assistant.law.questions import load_bank
    from assistant.saved.store import Store

    answers = load_answers(load_bank(), ANSWERS)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        app = make_app("new", "bench", "en", store=Store(Path(folder)))
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(5000):  # a new interview may open on its cover first (assistant/shells/tui/opening.py)
                if hasattr(app.screen, "accepting"):
                    break
                await asyncio.sleep(0.001)
            chat = app.screen

            async def live() -> None:
                for _ in range(500):
                    if chat.accepting:
                        return
                    await asyncio.sleep(0.001)
                raise SystemExit("the chat never took keys again")

            await live()
            while len(times) < count:
                ask = chat.view.ask
                if ask is None:
                    break
                value, found = answer_for(answers, chat.interview.answers, ask)
                key = "f3"
                # Get the input ready (not timed): the option moved to, the boxes ticked, the text typed.
                if not found:
                    pass
                elif ask.kind == "yes_no":
                    key = "y" if value else "n"
                elif ask.kind == "choice":
                    listing = chat.query_one("#choice", OptionList)
                    listing.highlighted = [o for o, _ in ask.options].index(value)
                    key = "enter"
                elif ask.kind == "multi":
                    ticks = chat.query_one("#multi")
                    ticks.chosen = set(value)
                    key = "enter"
                elif ask.kind == "text" and ask.max_words:
                    chat.query_one("#words", TextArea).text = str(value)
                    key = "ctrl+s"
                else:
                    chat.query_one("#line", Input).value = value.isoformat() if isinstance(value, dt.date) else str(value)
                    key = "enter"
                await pilot.pause()
                start = time.perf_counter()
                await pilot.press(key)
                await live()
                times.append(time.perf_counter() - start)
    return times


async def baseline(count: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Input, Static

    class Chat(App):
        ready = False

        def compose(self) -> ComposeResult:
            yield VerticalScroll(id="transcript")
            yield Static("Question 1", id="question")
            yield Input(id="line")

        def on_mount(self) -> None:
            self.query_one("#transcript").anchor()
            self.query_one(Input).focus()
            self.ready = True

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.ready = False
            n = len(self.query_one("#transcript").children) + 1
            self.query_one("#transcript").mount(Static(f"Answer {n}: {event.value}"))
            self.query_one("#question", Static).update(f"Question {n + 1}")
            event.input.value = ""
            self.call_after_refresh(setattr, self, "ready", True)

    times: list[float] = []
    app = Chat()
    async with app.run_test(size=(120, 40)) as pilot:
        for n in range(count):
            app.query_one(Input).value = f"yes {n}"
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("enter")
            for _ in range(500):
                if app.ready:
                    break
                await asyncio.sleep(0.001)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    which = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 70
    times = asyncio.run({"ours": ours, "baseline": baseline}[which](count))
    print(json.dumps([round(t * 1000, 3) for t in times]))


if __name__ == "__main__":
    main()
