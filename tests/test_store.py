"""Saved interviews: private files, atomic saves, one writer at a time, damaged files left as found."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from assistant.errors import BadInput
from assistant.dialog.session import Session
from assistant.saved.store import SUFFIX, Saved, Store, check_name
from conftest import COMPLETE

CLOCK = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)


def store(home: Path) -> Store:
    return Store(home, clock=lambda: CLOCK)


@pytest.mark.parametrize("name", ["xiaozhi app", "小智-2026_v1.2", "a", "x" * 64, "Ünïcode"])
def test_names_of_letters_digits_spaces_and_dashes_are_accepted(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name", ["", ".hidden", "../escape", "a/b", "x" * 65, "tab\there", "semi;colon", " padded"])
def test_other_names_are_refused(name):
    with pytest.raises(BadInput, match="not a valid interview name"):
        check_name(name)


def test_a_bad_name_on_the_command_line_exits_2(cli):
    result = cli("chat", "--plain", "../../etc/passwd", input="")
    assert result.returncode == 2
    assert "not a valid interview name" in result.stderr


def test_every_answer_is_saved_at_once_in_a_private_file(home):
    with Session(store(home), "acme", create=True) as session:
        session.interview.answer("public")
        saved = tomllib.loads((home / f"acme{SUFFIX}").read_text())
        assert saved["answers"]["scope.audience"] == "public"
    assert oct((home / f"acme{SUFFIX}").stat().st_mode & 0o777) == "0o600"
    assert oct(home.stat().st_mode & 0o777) == "0o700"


def test_a_name_already_taken_is_refused_for_a_new_interview(home):
    Session(store(home), "acme", create=True).close()
    with pytest.raises(BadInput, match="already exists"):
        Session(store(home), "acme", create=True)


def test_free_names_count_up(home):
    s = store(home)
    Session(s, s.free_name(), create=True).close()
    assert s.free_name() == "interview-2"


def test_changing_an_earlier_answer_sets_later_ones_aside_and_keeps_them(home):
    with Session(store(home), "acme", create=True) as session:
        iv = session.interview
        for value in ("public", ["public_interaction", "generates_content"], ["text"]):
            iv.answer(value)
        iv.change("scope.audience")
        iv.answer("internal")
        assert set(iv.set_aside()) == {
            "scope.public_interaction", "service.generates_content", "service.recommends_content", "users.minors", "service.content_kinds"
        }
    again = store(home).read("acme")
    assert again.answers["service.content_kinds"] == ["text"]
    with Session(store(home), "acme") as session:
        session.interview.change("scope.audience")
        session.interview.answer("public")
        assert session.interview.set_aside() == {}


def test_a_second_process_cannot_open_an_interview_already_open(home):
    opener = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from assistant.dialog.session import Session
        from assistant.saved.store import Store
        session = Session(Store(Path({str(home)!r})), "acme")
        print("open", flush=True)
        sys.stdin.readline()
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", opener], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(BadInput, match="open in another window or process"):
            Session(store(home), "acme")
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "chat", "--plain", "acme"], input="1\n", capture_output=True, text=True,
            env={**os.environ, "FILING_ASSISTANT_HOME": str(home)},
        )
        assert result.returncode == 2
        assert "acme" in result.stderr and "another window" in result.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    Session(store(home), "acme").close()  # free again once the first process has gone


@pytest.mark.parametrize(
    "content",
    [b"schema_version = 2\nanswers = {", b"\x00\x01\x02 not toml", b'schema_version = 99\nanswers = {}\n', b'schema_version = 2\nanswers = "x"\n'],
    ids=["truncated", "binary", "future-version", "wrong-shape"],
)
def test_a_damaged_file_is_reported_by_name_and_left_untouched(home, cli, content):
    s = store(home)
    Session(s, "good", create=True).close()
    damaged = home / f"broken{SUFFIX}"
    damaged.write_bytes(content)

    listing = cli("list", "--format", "json")
    assert listing.returncode == 0
    assert [row["name"] for row in __import__("json").loads(listing.stdout)] == ["good"]
    assert "broken" in listing.stderr

    for args in (["summary", "broken"], ["export", "broken", "--out", str(home / "r.toml")], ["chat", "--plain", "broken"]):
        result = cli(*args, input="1\n")
        assert result.returncode == 2, args
        assert "broken" in result.stderr and "cannot be read" in result.stderr
        assert "Traceback" not in result.stderr
    assert damaged.read_bytes() == content


def test_a_file_of_the_first_schema_version_is_read(home):
    home.mkdir(parents=True)
    (home / f"old{SUFFIX}").write_text(
        'schema_version = 1\nupdated = 2026-01-05T10:00:00Z\n[answers]\n"scope.audience" = "public"\n', encoding="utf-8"
    )
    saved = store(home).read("old")
    assert saved.answers == {"scope.audience": "public"}
    assert saved.lang == "en"
    assert saved.updated == dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone.utc)


def test_duplicate_and_delete(home):
    s = store(home)
    with Session(s, "acme", create=True) as session:
        session.interview.answer("public")
    copy = s.duplicate("acme")
    assert s.read(copy).answers == {"scope.audience": "public"}
    s.delete("acme")
    assert s.names() == [copy]
    with pytest.raises(BadInput, match="no saved interview"):
        s.delete("acme")


def test_export_of_an_unfinished_interview_exits_3_with_the_missing_ids(home, cli):
    with Session(store(home), "acme", create=True) as session:
        session.interview.answer("public")
    result = cli("export", "acme", "--out", str(home / "r.toml"))
    assert result.returncode == 3
    assert "scope.public_interaction" in result.stderr
    assert "chat --plain acme" in result.stderr


def test_list_shows_name_progress_roles_and_last_change(home, cli):
    with Session(store(home), "acme", create=True) as session:
        for value in ("public", True, True, ["text"], False):
            session.interview.answer(value)
    result = cli("list")
    header, row = result.stdout.splitlines()[:2]
    assert header.split()[:2] == ["NAME", "PROGRESS"]
    assert row.startswith("acme")
    assert "2026-11-25 09:00" in row


KILLER = """
import sys
from pathlib import Path
from assistant.dialog.session import Session
from assistant.saved.store import Store
from assistant.files.answers import load_answers
from assistant.law.questions import load_bank
seed = load_answers(load_bank(), Path(sys.argv[2]))
session = Session(Store(Path(sys.argv[1])), "acme", seed=seed)
iv = session.interview
n = 0
while True:
    n += 1
    iv.change("subject.name")
    view = iv.answer(f"company {n}")
    assert view.saved and not view.problem, view
    print(n, flush=True)  # printed only after the save returned: confirmed
"""


def test_a_killed_process_never_loses_a_confirmed_answer_nor_leaves_a_torn_file(home):
    rng = random.Random(2026)
    for _ in range(6):
        complete = COMPLETE
        proc = subprocess.Popen([sys.executable, "-c", KILLER, str(home), str(complete)], stdout=subprocess.PIPE, text=True)
        stop_after = rng.randint(1, 120)
        confirmed = 0
        for line in proc.stdout:
            confirmed = int(line)
            if confirmed >= stop_after:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        saved = store(home).read("acme")  # never torn: it parses and checks
        kept = int(saved.answers["subject.name"].split()[-1])
        assert kept >= confirmed
        assert "subject.name" in saved.answers


def test_a_draft_is_saved_beside_the_answers_and_read_back(home):
    store = Store(home)
    store.write(Saved("acme", store.path("acme"), answers={"scope.audience": "public"}, drafts={"subject.name": "杭州小\"智\"\n科技"}))
    assert store.read("acme").drafts == {"subject.name": "杭州小\"智\"\n科技"}


def test_a_draft_table_that_makes_no_sense_is_ignored_not_fatal(home):
    store = Store(home)
    store.write(Saved("acme", store.path("acme"), answers={"scope.audience": "public"}))
    path = store.path("acme")
    path.write_text(path.read_text() + '\n[drafts]\n"subject.name" = 3\n')
    saved = store.read("acme")
    assert saved.drafts == {} and saved.answers == {"scope.audience": "public"}


def test_a_list_half_filled_in_comes_back_where_it_stopped_even_inside_a_nested_list(home):
    """A product's fields and its first function's name given, then the window closed: all of it comes back, there."""
    from assistant.files.answers import checked_answers, read_toml
    from assistant.law.questions import load_bank, to_file

    answers = checked_answers(load_bank(), read_toml(COMPLETE))
    product = answers.pop("products")[0]
    Store(home).write(Saved("acme", Store(home).path("acme"), answers=to_file(answers), history=list(answers)))
    with Session(Store(home), "acme") as session:
        iv = session.interview
        while iv.position != ("products", 0, "functions", 0, "access_path"):
            step = iv.position[1:]
            iv.answer(product[step[1]] if len(step) == 2 else product[step[1]][step[2]][step[3]])
        stopped_at = iv.position
    assert Store(home).read("acme").answers["products"][0]["functions"] == [{"name": product["functions"][0]["name"]}]
    with Session(Store(home), "acme") as session:
        assert session.interview.position == stopped_at
        assert session.interview.view().state == "in_item"


def test_a_version_2_file_with_a_list_half_filled_in_keeps_the_items(home):
    """Version 2 kept a half-entered list apart from the answers; version 3 reads it into the answers."""
    home.mkdir(parents=True)
    (home / f"old{SUFFIX}").write_text(
        'schema_version = 2\nlang = "zh"\nhistory = []\n[answers]\n"scope.audience" = "public"\n'
        '[record_draft]\nquestion = "products"\nasking_another = false\n'
        'items = [{name = "A", form = "app", address = "x", users = "under_10k", functions = [{name = "f", description = "d", uses_generation = true}]}]\n'
        'current = {name = "B"}\n[record_draft.nested]\nitems = []\ncurrent = {}\n',
        encoding="utf-8",
    )
    saved = store(home).read("old")
    assert [item["name"] for item in saved.answers["products"]] == ["A", "B"]
    assert saved.lang == "zh"


def test_leftovers_of_an_interrupted_save_are_removed_when_the_interview_is_opened_again(home):
    with Session(store(home), "acme", create=True) as session:
        session.interview.answer("public")
    leftover = home / f".acme{SUFFIX}.k3j2h1.tmp"
    leftover.write_bytes(b"half a save, killed before its rename")
    other = home / f".other{SUFFIX}.a1b2.tmp"
    other.write_bytes(b"another interview's: not ours to remove")
    with Session(store(home), "acme") as session:
        assert session.interview.answers == {"scope.audience": "public"}
    assert not leftover.exists()
    assert other.exists()


def test_an_answer_the_bank_cannot_read_is_kept_in_the_file_and_named_on_resume(home):
    with Session(store(home), "acme", create=True) as session:
        session.interview.answer("public")
    path = store(home).path("acme")
    path.write_text(path.read_text() + '"subject.province" = "atlantis"\n"retired.question" = [1, 2]\n', encoding="utf-8")
    with Session(store(home), "acme") as session:
        iv = session.interview
        assert set(iv.unreadable) == {"subject.province", "retired.question"}
        notice = iv.unreadable_notice()
        assert "atlantis" in notice and "retired.question" in notice
        iv.answer(["public_interaction"])  # the next question, the service's checklist; the file is written again
    saved = store(home).read("acme")
    assert saved.unreadable == {"subject.province": "atlantis", "retired.question": [1, 2]}
    assert saved.answers["scope.public_interaction"] is True


def test_keep_after_change_goes_back_to_where_the_filer_was_even_from_an_open_question(home):
    with Session(store(home), "acme", create=True) as session:
        iv = session.interview
        iv.answer("public")
        iv.answer(["each"])  # the service's checklist, one at a time
        iv.skip()  # public interaction: left for later
        assert iv.view().ask.question_id == "service.generates_content"
        view = iv.change("scope.public_interaction")
        assert view.ask.question_id == "scope.public_interaction"
        view = iv.keep()  # not answered after all: back where the filer was
        assert not view.refused and view.ask.question_id == "service.generates_content"
        iv.change("scope.audience")
        assert iv.answer("business_customers").ask.question_id == "service.generates_content"


def test_an_unreadable_answer_stays_in_the_file_after_a_new_answer_replaces_it(home):
    """A list this version cannot read, then a first new product: the old list is set aside in the file, not overwritten."""
    with Session(store(home), "acme", create=True) as session:
        session.interview.answer("public")
    path = store(home).path("acme")
    path.write_text(path.read_text() + 'products = "a list written by a future version"\n', encoding="utf-8")
    with Session(store(home), "acme") as session:
        iv = session.interview
        assert "products" in iv.unreadable
        iv.answers["products"] = [{"name": "new app"}]  # as the first field of a new product does
        iv.keep_draft("x")  # any change: the interview is saved
    saved = store(home).read("acme")
    assert saved.answers["products"] == [{"name": "new app"}]
    assert saved.unreadable == {"products": "a list written by a future version"}
    with Session(store(home), "acme") as session:
        assert session.interview.unreadable_notice() is None  # replaced: nothing to tell, but still kept


def test_the_answers_written_piece_by_piece_read_back_as_tomli_w_writes_them_whole():
    """store.write writes each answer once and reuses its text (an interview saves after every answer):
    the file must read back exactly as the whole document tomli_w writes."""
    import datetime as dt
    import tomllib

    import tomli_w

    from assistant.saved.store import _answers_toml

    answers = {
        "scope.audience": "public",
        "service.content_kinds": ["text", "image"],
        "algorithm.launch_date": dt.date(2027, 3, 1),
        "products": [{"name": 'say "hi" \\ now', "functions": [{"name": "chat", "access_path": "首页 > 对话"}]}, {"name": "B"}],
        "users.minors": True,
        "empty": [],
        "algorithm.introduction": "line one\nline two\u2028",
    }
    for subset in (answers, {}, {"products": answers["products"]}, {k: v for k, v in answers.items() if k != "products"}):
        for _ in range(2):  # the second time from the cache
            head = {"schema_version": 3, "history": ["scope.audience"]}
            text = tomli_w.dumps(head) + "\n" + _answers_toml(subset)
            assert tomllib.loads(text) == tomllib.loads(tomli_w.dumps({**head, "answers": subset}))


def test_a_whole_saved_interview_reads_back_as_tomli_w_writes_it(tmp_path):
    """The head's lists (history, passed, position) are written element by element too: the file is
    the one tomli_w writes whole, and it reads back as given, twice (the second time from the cache)."""
    import datetime as dt
    import tomllib

    from assistant.saved.store import Saved, Store

    clock = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
    store = Store(folder=tmp_path, clock=lambda: clock)
    saved = Saved(
        name="x",
        path=store.path("x"),
        answers={"scope.audience": "public", "products": [{"name": "A"}]},
        history=["scope.audience", 'odd "id"', "中文"],
        passed=["users.minors"],
        position=["products", 0, "form"],
        drafts={"products/0/form": "typ"},
    )
    for _ in range(2):
        store.write(saved)
        data = tomllib.loads(store.path("x").read_text(encoding="utf-8"))
        assert data["history"] == saved.history and data["passed"] == saved.passed
        assert data["position"] == saved.position and data["answers"] == saved.answers
        assert data["drafts"] == saved.drafts and data["name"] == "x" and data["updated"] == clock


# --- Issue 18: nothing lost, nothing overwritten -------------------------------------------------


def test_opening_one_interview_leaves_the_temporary_files_of_another_alone(home):
    """Opening `a` deleted the temporaries of `a.interview.toml.b` (the cleanup pattern matched both)."""
    Session(store(home), "a", create=True).close()
    Session(store(home), f"a{SUFFIX}.b", create=True).close()
    others = home / f".a{SUFFIX}.b{SUFFIX}.k3j_9x2q.tmp"
    others.write_text("the other interview's save, mid-way", encoding="utf-8")
    own = home / f".a{SUFFIX}.ab12cd34.tmp"
    own.write_text("a save of a that was killed", encoding="utf-8")
    Session(store(home), "a").close()
    assert others.exists()
    assert not own.exists()


def test_a_file_with_an_invalid_name_is_one_problem_row_and_the_rest_still_list(home, cli):
    Session(store(home), "good", create=True).close()
    (home / f"bad;name{SUFFIX}").write_text("schema_version = 3\n", encoding="utf-8")
    saved, damaged = store(home).list()
    assert [s.name for s in saved] == ["good"]
    assert [d.name for d in damaged] == ["bad;name"] and "not a valid interview name" in damaged[0].reason
    result = cli("list")
    assert result.returncode == 0, result.stderr
    assert "good" in result.stdout and "bad;name" in result.stderr and "Traceback" not in result.stderr


def test_a_symlinked_interview_file_is_listed_as_a_problem_not_left_out(home, tmp_path):
    Session(store(home), "good", create=True).close()
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_bytes((home / f"good{SUFFIX}").read_bytes())
    (home / f"linked{SUFFIX}").symlink_to(elsewhere)
    saved, damaged = store(home).list()
    assert [s.name for s in saved] == ["good"]
    assert [d.name for d in damaged] == ["linked"] and "symbolic link" in damaged[0].reason


def test_a_locks_folder_that_is_a_symlink_is_not_followed(home, tmp_path):
    Session(store(home), "good", create=True).close()
    (home / ".locks").rename(tmp_path / "moved")
    target = tmp_path / "somewhere-else"
    target.mkdir()
    (home / ".locks").symlink_to(target)
    with pytest.raises(BadInput, match="not a folder of its own"):
        Session(store(home), "good")
    assert list(target.iterdir()) == []


def test_an_interview_too_large_to_read_back_is_not_saved(home, monkeypatch):
    """700 long answers in the chat made an 11 MB file, reported saved, that never opened again."""
    import assistant.saved.store as module

    with Session(store(home), "big", create=True) as session:
        session.interview.answer("public")
        before = (home / f"big{SUFFIX}").read_bytes()
        monkeypatch.setattr(module, "MAX_SAVED_BYTES", len(before) + 10)
        view = session.interview.answer(["public_interaction"])
        assert not view.saved and "could not save" in (view.save_problem or ""), view
    assert (home / f"big{SUFFIX}").read_bytes() == before
    monkeypatch.undo()
    assert store(home).read("big").answers == {"scope.audience": "public"}


def test_an_answers_file_of_630000_empty_products_is_refused_on_import(tmp_path, cli):
    """A 1.9 MB file of empty products imported into a 5 MB interview that could never be opened again."""
    many = tmp_path / "many.toml"
    many.write_text(COMPLETE.read_text(encoding="utf-8") + "\n" + "[[products]]\n" * 101, encoding="utf-8")
    result = cli("import", str(many), "--name", "many")
    assert result.returncode == 2, result.stderr
    assert "over the limit of 100" in result.stderr
    assert not (Path(os.environ["FILING_ASSISTANT_HOME"]) / f"many{SUFFIX}").exists()


def test_the_chat_refuses_a_101st_product_and_a_101st_function(home, bank):
    from assistant.files.answers import load_answers

    answers = load_answers(bank, COMPLETE)
    product = answers["products"][0]
    answers["products"] = [dict(product, name=f"app {n}") for n in range(100)]
    answers["products"][0]["functions"] = [dict(product["functions"][0], name=f"f {n}") for n in range(100)]
    with Session(store(home), "full", create=True, seed=answers) as session:
        interview = session.interview
        view = interview.add_item("products")
        assert "100 items" in (view.problem or ""), view
        view = interview.add_item("products", (0, "functions"))
        assert "100 items" in (view.problem or ""), view
        view = interview.change("products")  # asked again: "add another?" at the end of the list
        assert view.ask.key == "products/+", view.ask
        view = interview.answer(True)
        assert "100 items" in (view.problem or ""), view
        assert len(interview.answers["products"]) == 100
    assert len(store(home).read("full").answers["products"]) == 100


def test_two_plain_chats_started_without_a_name_at_once_each_get_a_free_name(home):
    """Issue 18 item 13: a plain chat given no name picks the next free one, also while another unnamed chat is
    running (it holds interview-1), instead of refusing a name the user never gave."""
    command = [sys.executable, "-m", "assistant", "chat", "--plain"]
    first = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        store = Store()
        for _ in range(200):  # until the first chat has saved its interview and holds it
            if store.exists("interview-1"):
                break
            first.poll()
            assert first.returncode is None, first.stderr.read().decode()
            time.sleep(0.05)
        second = subprocess.run(command, input=b"1\n", capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr.decode()
        assert store.exists("interview-2")
        assert store.read("interview-2").answers["scope.audience"] == "public"
    finally:
        first.communicate(b"", timeout=60)
