"""Where each answer came from (CONTRACT §5 `[provenance]`): typed, a default taken, derived, imported, copied."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import tomli_w

from assistant.dialog.session import Session, answers_of
from assistant.files.answers import load_answers
from assistant.files.record import build_record
from assistant.law.questions import to_file
from assistant.saved.store import Store
from conftest import COMPLETE, TODAY, run_cli


def written(tmp_path: Path, answers: dict, name: str = "a.answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(to_file(answers)), encoding="utf-8")
    return path


def before(bank, qid: str) -> dict:
    """The complete chatbot's answers to the questions before `qid`."""
    order = [q.id for q in bank.questions]
    return {k: v for k, v in load_answers(bank, COMPLETE).items() if order.index(k) < order.index(qid)}


def test_typed_default_and_derived_answers_are_saved_with_how_they_were_given_and_come_back(bank, home):
    with Session(Store(home), "acme", create=True, bank=bank, today=TODAY, seed=before(bank, "algorithm.data.input_modality")) as session:
        iv = session.interview
        # The chatbot writes text: text in, taken as suggested (to confirm at the end), when the question comes up.
        assert iv.answers["algorithm.data.input_modality"] == ["text"] and iv.unconfirmed == ["algorithm.data.input_modality"]
        assert iv.view().ask.key == "group:algorithm"
        iv.answer_line("each")
        iv.answer_line("n")  # identity information: typed
    saved = Store(home).read("acme")
    assert saved.provenance["algorithm.data.input_modality"] == "default"
    assert saved.provenance["algorithm.data.input_biometric"] == "derived"  # text only: no biometric features, stated
    assert saved.provenance["algorithm.data.input_identity"] == "typed"
    assert "algorithm.data.input_modality" in saved.unconfirmed and saved.one_by_one == ["group:algorithm"]
    with Session(Store(home), "acme", bank=bank, today=TODAY) as again:
        assert again.interview.provenance == saved.provenance
        assert again.interview.unconfirmed == saved.unconfirmed and again.interview.one_by_one == saved.one_by_one


def test_import_marks_every_answer_imported_and_export_writes_the_provenance_that_validate_accepts(bank, home, tmp_path):
    assert run_cli("import", str(COMPLETE), "--name", "client").returncode == 0
    provenance = Store(home).read("client").provenance
    given = load_answers(bank, COMPLETE)
    assert {key.split("/")[0] for key in provenance} == set(given)
    assert provenance["subject.name"] == "imported" and provenance["products/0/functions/0/name"] == "imported"
    out = tmp_path / "client.record.toml"
    result = run_cli("export", "client", "--out", str(out))
    assert result.returncode == 0, result.stderr
    record = tomllib.loads(out.read_text(encoding="utf-8"))
    assert record["provenance"]["subject.name"] == "imported"
    assert set(record["provenance"].values()) <= {"imported", "derived"}
    check = run_cli("validate", str(out))
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_record_of_an_answers_file_has_no_provenance_and_a_made_up_one_is_refused(bank, tmp_path):
    answers = load_answers(bank, COMPLETE)
    assert "provenance" not in build_record(bank, answers, now=dt.datetime(2026, 11, 25, 10, 0))
    record = build_record(bank, answers, provenance={"subject.name": "guessed"}, now=dt.datetime(2026, 11, 25, 10, 0))
    assert "provenance" not in record  # only the five ways an answer can be given


def test_new_like_copies_the_products_and_asks_each_function_only_whether_it_uses_this_algorithm(bank, home, tmp_path):
    shop = {
        **load_answers(bank, COMPLETE),
        "service.recommends_content": True,
        "service.recommendation_kinds": ["personalized_push"],
    }
    shop.pop("algorithm.type")  # two algorithms shown: the filer chose which this interview files
    shop["algorithm.type"] = "generation_synthesis"
    assert run_cli("import", str(written(tmp_path, shop)), "--name", "shop").returncode == 0
    result = run_cli("new", "--like", "shop", "--plain", input="quit\n")
    assert result.returncode == 0, result.stderr
    assert "each function is asked whether it uses this algorithm" in result.stderr
    with Session(Store(home), "shop-personalized_push", bank=bank, today=TODAY) as session:
        iv = session.interview
        # Step 3: only "uses this algorithm?" of each function is left to answer.
        view = iv.change("products")
        asked = []
        while view.ask is not None and view.ask.question_id == "products" and not view.ask.key.endswith("+"):
            asked.append(view.ask.key)
            assert view.ask.text == "Does this function use the algorithm this interview files?"
            view = iv.answer_line("n")
    # The first product's functions, then "add another function?" (the loop stops there).
    assert asked == [f"products/0/functions/{m}/uses_generation" for m in range(len(shop["products"][0]["functions"]))]
    copied = answers_of(Store(home), "shop-personalized_push")
    names = [(p["name"], [f["name"] for f in p["functions"]]) for p in copied["products"]]
    assert names == [(p["name"], [f["name"] for f in p["functions"]]) for p in shop["products"]]
    provenance = Store(home).read("shop-personalized_push").provenance
    assert provenance["products/0/name"] == "copied" and provenance["subject.name"] == "copied"
    assert provenance["products/0/functions/0/uses_generation"] == "typed"


def test_the_client_resuming_an_imported_interview_is_told_which_answers_came_from_the_file(bank, home, tmp_path):
    partial = before(bank, "subject.policies")
    assert run_cli("import", str(written(tmp_path, partial)), "--name", "client").returncode == 0
    chat = run_cli("chat", "--plain", "client", input="review\nquit\n")
    assert chat.returncode == 0, chat.stderr
    assert f"{len(partial)} answers came from an answers file" in chat.stdout
    assert "subject.name: What is the full registered name of the company that files? = " in chat.stdout
    line = next(x for x in chat.stdout.splitlines() if x.strip().startswith("subject.name:"))
    assert line.endswith("(imported from a file)")
    typed = run_cli("chat", "--plain", "client", input="none\nreview\nquit\n").stdout
    policies = next(x for x in typed.splitlines() if x.strip().startswith("subject.policies:"))
    assert "(" not in policies.split("=")[-1]  # typed by the client: nothing to confirm
    derived = next(x for x in typed.splitlines() if x.strip().startswith("algorithm.type:"))
    assert derived.endswith("(derived from other answers)")
