"""Files the command line reads cannot mislead it or its user (issue 9).

- A device, a FIFO or a folder given as an answers file or a record is refused before
  it is read (one line, exit 2): `/dev/zero` must not fill memory, a FIFO must not hang.
- A file over the size limit is refused before it is read.
- A key nested thousands deep is refused before the TOML parser sees it (tomllib
  spends time quadratic in a key's parts: 400 KB of `[a.a.a...]` took 49-83 s).
- Whatever a file holds, the messages about it show control characters escaped:
  an answers file cannot write escape sequences to the user's terminal.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest
import tomli_w

from assistant.files.answers import MAX_INPUT_BYTES, MAX_KEY_PARTS
from assistant.shells.cli import main
from conftest import COMPLETE


# Every command that reads a file named on the command line, `{}` standing for the file.
READERS = [
    pytest.param(("run", "--answers", "{}"), id="run"),
    pytest.param(("summary", "--answers", "{}"), id="summary-answers"),
    pytest.param(("summary", "{}"), id="summary-record"),
    pytest.param(("validate", "{}"), id="validate"),
    pytest.param(("import", "{}", "--name", "imported"), id="import"),
]


def run_main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def with_file(args: tuple[str, ...], path: Path | str) -> list[str]:
    return [str(path) if a == "{}" else a for a in args]


def limited_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command in a fresh process that may use at most 1 GiB of memory and `timeout` seconds."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=os.environ.copy(),
    )


def one_clear_line(result_code: int, err: str) -> str:
    assert result_code == 2, err
    assert "Traceback" not in err and "MemoryError" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- Special files and oversized files -------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("args", READERS)
def test_a_device_is_refused_before_it_is_read(args):
    result = limited_cli(*with_file(args, "/dev/zero"))
    line = one_clear_line(result.returncode, result.stderr)
    assert line == "/dev/zero: is a device, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("args", READERS)
def test_a_fifo_is_refused_without_waiting_for_a_writer(args, tmp_path):
    fifo = tmp_path / "answers.toml"
    os.mkfifo(fifo)
    result = limited_cli(*with_file(args, fifo), timeout=60)
    line = one_clear_line(result.returncode, result.stderr)
    assert line == f"{fifo}: is a named pipe (FIFO), not a file"


@pytest.mark.parametrize("args", READERS)
def test_a_folder_is_refused_in_one_line(args, tmp_path):
    code, _, err = run_main(*with_file(args, tmp_path))
    assert one_clear_line(code, err) == f"{tmp_path}: is a folder, not a file"


@pytest.mark.parametrize("args", READERS)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(args, tmp_path):
    big = tmp_path / "big.toml"
    with big.open("wb") as file:
        file.write(COMPLETE.read_bytes())
        file.write(b"# " + b"x" * (MAX_INPUT_BYTES + 1) + b"\n")
    code, out, err = run_main(*with_file(args, big))
    line = one_clear_line(code, err)
    assert line.startswith(f"{big}: {big.stat().st_size:,} bytes, larger than any answers file or record")
    assert out == ""


def test_a_file_just_under_the_size_limit_is_read(tmp_path):
    path = tmp_path / "padded.toml"
    body = COMPLETE.read_bytes()
    path.write_bytes(body + b"#" * (MAX_INPUT_BYTES - len(body) - 1) + b"\n")
    assert path.stat().st_size == MAX_INPUT_BYTES
    code, _, err = run_main("run", "--answers", str(path))
    assert code == 0, err


# --- Keys nested too deeply --------------------------------------------------------------------

PARTS = 20_000  # 40 KB: refused at once; 400 KB of the same took tomllib over a minute
DEEP = [
    pytest.param("[" + ".".join(["a"] * PARTS) + "]\nx = 1\n", id="table-header"),
    pytest.param("[[" + ".".join(["products"] * PARTS) + "]]\nx = 1\n", id="array-of-tables"),
    pytest.param(".".join(["a"] * PARTS) + " = 1\n", id="dotted-key"),
    pytest.param(" . ".join(['"a"'] * PARTS) + " = 1\n", id="quoted-parts-with-spaces"),
    pytest.param("x = { " + ".".join(["a"] * PARTS) + " = 1 }\n", id="inline-table"),
    pytest.param('"scope.audience" = "public"\n[' + ".".join(["algorithm"] * PARTS) + "]\nx = 1\n", id="known-prefix"),
]


@pytest.mark.parametrize("text", DEEP)
@pytest.mark.parametrize("args", [READERS[0], READERS[2], READERS[3]])
def test_a_key_nested_thousands_deep_is_refused_before_parsing(text, args, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_main(*with_file(args, path))
    line = one_clear_line(code, err)
    assert f"a key nested too deeply ({PARTS:,} dotted parts; no question id or record path has more than {MAX_KEY_PARTS})" in line
    assert line.startswith(f"{path}:")
    assert len(line) < 500


def test_dots_in_strings_and_comments_are_not_keys(tmp_path):
    """The pre-scan knows TOML strings: dotted text in answers, comments and multi-line strings is fine."""
    dotted = ".".join(["a"] * 500)
    text = COMPLETE.read_text(encoding="utf-8")
    text = text.replace('performance = "', f'performance = "{dotted} ')
    text = text.replace("[algorithm]\n", f"# {dotted}\n[algorithm]\n")
    text = text.replace(
        'address = "浙江省杭州市西湖区文三路 100 号"',
        "address = \"\"\"浙江省杭州市\n[" + dotted + "]\n\\\"\"\" '''" + dotted + "'''\"\"\"",
    )
    text = text.replace('hardware_requirements = "', "hardware_requirements = '''" + dotted + "''' # '''\n#")
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_main("run", "--answers", str(path))
    assert code == 0, err


def test_a_key_of_a_hundred_thousand_characters_is_named_without_repeating_it(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text("x" * 100_000 + " = 1\n", encoding="utf-8")
    code, _, err = run_main("run", "--answers", str(path))
    line = one_clear_line(code, err)
    assert "unknown question id" in line and "xxxx" in line
    assert len(line) < 500


# --- Control characters in messages ----------------------------------------------------------------


def raw_controls(text: str) -> list[str]:
    """Characters that a terminal would act on or that reorder the line: none may reach stderr raw."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


ESCAPES = [
    pytest.param('"\\u001b[2J\\u001b[31mscope.audience" = "public"\n', "\\x1b[2J", id="escape-in-a-key"),
    pytest.param('"scope.audience" = "pub\\u001b]0;owned\\u0007lic"\n', "\\x1b]0;owned\\x07", id="escape-in-a-value"),
    pytest.param('[scope]\n"aud\\u202eience" = "public"\n', "\\u202e", id="right-to-left-override-in-a-table"),
    pytest.param('"scope.audience" = "public"\n"\\r\\u0008\\u0008ok" = 1\n', "\\r\\x08\\x08ok", id="carriage-return"),
]


@pytest.mark.parametrize(("text", "shown"), ESCAPES)
def test_control_characters_in_an_answers_file_are_shown_escaped(text, shown, tmp_path):
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    for args in (["run", "--answers", str(path)], ["summary", "--answers", str(path)]):
        code, _, err = run_main(*args)
        assert code == 2, err
        assert not raw_controls(err), repr(err)
        assert shown in err


def test_control_characters_in_a_record_are_shown_escaped(tmp_path):
    record = tmp_path / "record.toml"
    assert run_main("run", "--answers", str(COMPLETE), "--out", str(record))[0] == 0
    document = tomllib.loads(record.read_text(encoding="utf-8"))
    document["algorithm"]["\x1b[31mred"] = "\x1b[0m"
    record.write_text(tomli_w.dumps(document), encoding="utf-8")
    for args in (["validate", str(record)], ["summary", str(record)]):
        code, _, err = run_main(*args)
        assert code == 2, err
        assert not raw_controls(err), repr(err)
        assert "\\x1b[31mred" in err


def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path):
    path = tmp_path / "answers\x1b[2J\u202e.toml"
    code, _, err = run_main("run", "--answers", str(path))
    assert code == 2
    assert not raw_controls(err), repr(err)
    assert "answers\\x1b[2J\\u202e.toml: no such file" in err


def test_chinese_text_and_punctuation_in_messages_are_left_as_they_are(tmp_path):
    path = tmp_path / "答案（草稿）.toml"
    path.write_text('"scope.audience" = "公众"\n', encoding="utf-8")
    code, _, err = run_main("run", "--answers", str(path))
    assert code == 2
    assert f"{path}: scope.audience: unknown option '公众'" in err


def test_a_chinese_message_follows_its_place_with_a_full_width_colon():
    from assistant.errors import Problem

    problem = Problem("algorithm.type", "contradicts the other answers", "与其他回答矛盾", file="a.toml")
    assert problem.text("zh") == "a.toml: algorithm.type：与其他回答矛盾"
    assert problem.text("en") == "a.toml: algorithm.type: contradicts the other answers"


# --- Issue 18: names reach the terminal escaped, and Markdown as text --------------------------

EVIL_NAME = "Acme\x1b]0;PWNED\x1b\\\x1b[31m\u202e Ltd"
"""A company name that retitles the terminal, turns it red and reverses the line."""
HOSTILE_MD = '<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)> *bold* a|b'
"""A product name that would be raw HTML, a javascript: link, emphasis and a new table cell in Markdown."""


def hostile_answers(tmp_path: Path) -> Path:
    text = COMPLETE.read_text(encoding="utf-8")
    assert 'name = "杭州小智科技有限公司"' in text and 'name = "小智 App"' in text
    text = text.replace('name = "杭州小智科技有限公司"', "name = " + tomli_w.dumps({"v": EVIL_NAME})[4:-1], 1)
    text = text.replace('name = "小智 App"', "name = " + tomli_w.dumps({"v": HOSTILE_MD})[4:-1], 1)
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_escaped(out: str) -> None:
    assert raw_controls(out.replace("\r\n", "\n").removeprefix("\ufeff")) == [], repr(out[:300])
    assert "\\x1b]0;PWNED" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("summary", "--answers", "{}"),
        ("summary", "--answers", "{}", "--format", "md"),
        ("summary", "--answers", "{}", "--lang", "zh"),
        ("form", "--answers", "{}", "--format", "md"),
        ("portfolio", "{}", "--format", "csv"),
        ("portfolio", "{}", "--format", "md"),
        ("portfolio", "{}"),
    ],
    ids=lambda argv: "-".join(a for a in argv if a != "{}" and not a.startswith("--")) + ("-" + argv[-1] if argv[-2] == "--format" else ""),
)
def test_escape_sequences_in_names_never_reach_the_terminal(argv, tmp_path):
    """summary text and md, and portfolio csv on stdout, passed \\x1b[31m and OSC titles through raw."""
    code, out, err = run_main(*with_file(argv, hostile_answers(tmp_path)))
    assert code == 0, err
    assert_escaped(out)


def test_portfolio_csv_on_stdout_keeps_its_byte_order_mark_and_line_ends(tmp_path, capfdbinary):
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "portfolio", str(hostile_answers(tmp_path)), "--format", "csv"], capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbf") and b"\r\n" in result.stdout
    assert b"\x1b" not in result.stdout and b"\\x1b]0;PWNED" in result.stdout


def test_the_plain_chat_review_shows_names_escaped(tmp_path):
    assert run_main("import", str(hostile_answers(tmp_path)), "--name", "hostile")[0] == 0
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--plain", "hostile"],
        input="review\nquit\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "subject.name" in result.stdout
    assert_escaped(result.stdout)


def test_the_full_screen_shows_names_escaped_and_never_retitles_the_terminal():
    """Resuming drew the earlier answers raw: `\\x1b]2;...` in a product name set the terminal's title."""
    from textual.content import Content

    from assistant.shells.tui.widgets.lines import Lines

    for lines in (Lines(Content(f"1 item(s): {EVIL_NAME}")), Lines.from_markup(f"[dim]{EVIL_NAME}[/]")):
        assert "\x1b" not in str(lines) and "\\x1b]0;PWNED" in str(lines)
    assert str(Lines(Content("小智 App"))) == "小智 App"


@pytest.mark.parametrize(
    "argv",
    [
        ("summary", "--answers", "{}", "--format", "md"),
        ("form", "--answers", "{}", "--format", "md", "--lang", "en"),
        ("portfolio", "{}", "--format", "md"),
    ],
    ids=["summary", "form", "portfolio"],
)
def test_markdown_outputs_carry_names_as_text_not_html_or_links(argv, tmp_path):
    path = hostile_answers(tmp_path)
    text = path.read_text(encoding="utf-8").replace("name = " + tomli_w.dumps({"v": EVIL_NAME})[4:-1], "name = " + tomli_w.dumps({"v": HOSTILE_MD})[4:-1])
    path.write_text(text, encoding="utf-8")
    code, out, err = run_main(*with_file(argv, path))
    assert code == 0, err
    assert_markdown_text(out)


def assert_markdown_text(out: str) -> None:
    assert "<script" not in out and "<img" not in out, out
    assert "](javascript:" not in out.replace("\\](", "")
    assert "&lt;script>" in out
    assert "\\*bold\\*" in out


def test_markdown_drafts_carry_names_as_text_not_html_or_links(tmp_path):
    code, _, err = run_main("draft", "--answers", str(hostile_answers(tmp_path)), "--out", str(tmp_path / "d"), "--format", "md", "--lang", "en")
    assert code == 0, err
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "d").glob("*.md")]
    assert texts and any("&lt;script>" in t for t in texts)
    for t in texts:
        assert "<script" not in t and "<img" not in t
        assert "](javascript:" not in t.replace("\\](", "")


def test_the_markdown_escape_leaves_plain_names_and_gap_marks_alone():
    from assistant.files.markdown import text

    for plain in ("杭州小智科技有限公司", "subject.credit_code", "[to complete]", "【待补充】", "Home > Chat", "No. 5, 2nd floor"):
        assert text(plain) == plain
    assert text("a\nb") == "a b" and text("a\nb", inline=False) == "a\nb"
    assert text("#1 product") == "\\#1 product"
