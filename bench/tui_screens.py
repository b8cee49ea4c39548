"""Time from a key to the screen it opens laid out to its last line: F6 (the summary), F4 on the summary, F4 on the form.

Run by bench/run.py in a fresh process: `tui_screens.py prepare FOLDER [ANSWERS]` once (not timed), then
`tui_screens.py ours|baseline FOLDER`.
Prints one line of JSON, {"summary": ms, "summary-f4": ms, "form-f4": ms}:

- ours: the interview of ANSWERS (default bench/data/chatbot.answers.toml) resumed in the
  chat (not timed); F6 to the summary's Markdown laid out to its last block;
  F4 there to the Chinese summary laid out; then `f` to the form (not timed),
  F4 there, back to the English form drawn;
- baseline: a bare Textual app in the same harness with the same words, read
  from FOLDER (written by bench/run.py from the same interview): F6 pushes a
  screen with a MarkdownViewer of the English summary, F4 there updates it to
  the Chinese one; the form is an OptionList of the form's Chinese lines, F4 fills it
  with the English lines.

Both are looked at every 2 ms with the same test (`laid_out`, `drawn`): a
Markdown document holds the new text and its last block has its place in the
layout; an option list holds the new lines and a frame has been drawn since.
Exit 3 when assistant.shells.tui is missing.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
ANSWERS = HERE / "data" / "chatbot.answers.toml"
SIZE = (120, 40)


def write_interview(folder: Path, answers: Path) -> None:
    """A saved interview named "bench" with every answer of `answers` given through the engine."""
    sys.path.insert(0, str(HERE))
    from run import drive_interview

    from assistant.dialog.session import Session
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank
    from assistant.saved.store import Store

    bank = load_bank()
    with Session(Store(folder), "bench", create=True, bank=bank) as session:
        drive_interview(session.interview, load_answers(bank, answers))


def texts(folder: Path) -> dict[str, str]:
    """What the screens say of the interview "bench" in `folder`: its summary as Markdown and its form as lines, in en
    and zh (what the baseline shows)."""
    from assistant.dialog.session import Session
    from assistant.files.form import filled_form, render as form_text
    from assistant.files.summary import render
    from assistant.saved.store import Store

    out = {}
    with Session(Store(folder), "bench", create=False) as session:
        iv = session.interview
        for lang in ("en", "zh"):
            out[f"summary-{lang}"] = render(iv.bank, iv.assessment, "md", lang, answers=iv.answers)
            out[f"form-{lang}"] = form_text(filled_form(iv.bank, iv.answers, lang, assessment=iv.assessment), "text")
    return out


# --- The tests both sides are timed to ----------------------------------------------------


def laid_out(app, before: str | None) -> bool:
    """The screen's Markdown document holds a text other than `before`, all of it mounted, its last block laid out."""
    from textual.widgets import Markdown

    found = app.screen.query(Markdown)
    if not found:
        return False
    document = found.first()
    source = document.source
    if not source or source == before or not document.children:
        return False
    last = document.children[-1]
    lines = source.rstrip("\n").count("\n") + 1
    return last.source_range[1] >= lines and last.virtual_region.height > 0


def first_line(app) -> str | None:
    from textual.widgets import OptionList

    found = app.screen.query(OptionList)
    if not found or not found.first().option_count:
        return None
    return str(found.first().get_option_at_index(0).prompt)


async def until(check, what: str) -> None:
    for _ in range(15000):
        if check():
            return
        await asyncio.sleep(0.002)
    raise SystemExit(f"{what}: not within 30 s")


async def timed(pilot, key: str, check, what: str) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    await until(check, what)
    return time.perf_counter() - start


async def drawn(app, before: str | None) -> None:
    """The option list holds other lines than `before`, and a frame has been drawn since."""
    await until(lambda: first_line(app) not in (None, before), "the form's new lines")
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def measure(app, pilot, open_form) -> dict[str, float]:
    """The three times, the same keys on either side; `open_form()` (not timed) shows the form."""
    times = {"summary": await timed(pilot, "f6", lambda: laid_out(app, None), "the summary")}
    english = app.screen.query_one("Markdown").source
    times["summary-f4"] = await timed(pilot, "f4", lambda: laid_out(app, english), "the Chinese summary")
    await open_form()  # in Chinese now
    await until(lambda: first_line(app) is not None, "the form")
    await pilot.pause()
    before = first_line(app)
    start = time.perf_counter()
    await pilot.press("f4")
    await drawn(app, before)
    times["form-f4"] = time.perf_counter() - start
    return times


async def ours(folder: Path) -> dict[str, float]:
    try:
        from assistant.shells.tui.app import make_app
    except ImportError as error:
        print(f"unavailable: {error}", file=sys.stderr)
        raise SystemExit(3) from None
    from assistant.saved.store import Store

    app = make_app("resume", "bench", "en", store=Store(folder))
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: getattr(app.screen, "accepting", False), "the chat")

        async def open_form() -> None:
            await pilot.press("f")
            await until(lambda: type(app.screen).__name__ == "FormScreen", "the form screen")

        return await measure(app, pilot, open_form)


async def baseline(folder: Path) -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Header, MarkdownViewer, OptionList, Static
    from textual.widgets.option_list import Option

    said = json.loads((folder / "texts.json").read_text(encoding="utf-8"))

    class Summary(Screen):
        BINDINGS = [Binding("f4", "lang", "Language")]
        lang = "en"

        def compose(self) -> ComposeResult:
            yield Header()
            yield MarkdownViewer(said["summary-en"], show_table_of_contents=True)

        async def action_lang(self) -> None:
            self.lang = "zh" if self.lang == "en" else "en"
            await self.query_one(MarkdownViewer).document.update(said[f"summary-{self.lang}"])

    class Form(Screen):
        BINDINGS = [Binding("f4", "lang", "Language")]
        lang = "zh"  # as ours: opened from the summary after F4 there

        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*self.lines())

        def lines(self) -> list[Option]:
            return [Option(line) for line in said[f"form-{self.lang}"].splitlines() if line.strip()]

        def action_lang(self) -> None:
            self.lang = "zh" if self.lang == "en" else "en"
            listing = self.query_one(OptionList)
            listing.clear_options()
            listing.add_options(self.lines())

    class Bare(App):
        BINDINGS = [Binding("f6", "summary", "Summary")]

        def compose(self) -> ComposeResult:
            yield Static("the chat")

        def action_summary(self) -> None:
            self.push_screen(Summary())

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def open_form() -> None:
            app.push_screen(Form())

        return await measure(app, pilot, open_form)


def main() -> None:
    which, folder = sys.argv[1], Path(sys.argv[2])
    if which == "prepare":
        write_interview(folder, Path(sys.argv[3]) if len(sys.argv) > 3 else ANSWERS)
        (folder / "texts.json").write_text(json.dumps(texts(folder), ensure_ascii=False), encoding="utf-8")
        return
    with tempfile.TemporaryDirectory() as scratch:
        if which == "ours":
            # Each run resumes a copy: a run moves the saved interview (its language, its position).
            import shutil

            shutil.copytree(folder, scratch, dirs_exist_ok=True)
            folder = Path(scratch)
        times = asyncio.run({"ours": ours, "baseline": baseline}[which](folder))
    print(json.dumps({k: round(v * 1000, 3) for k, v in times.items()}))


if __name__ == "__main__":
    main()
