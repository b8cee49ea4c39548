"""One filing per algorithm (RULES §4; CONTRACT §1 `new --like`, §5 and §6 `algorithms`): what a filer whose
service runs several algorithms is told, and how the next algorithm's interview starts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import tomli_w

from conftest import run_cli

SHOP = {
    # A shopping assistant: writes product copy and runs a personalised feed, with reviews users publish.
    "scope.audience": "public",
    "scope.public_interaction": True,
    "service.generates_content": True,
    "service.content_kinds": ["text"],
    "service.recommends_content": True,
    "service.recommendation_kinds": ["personalized_push"],
    "role.serves_end_users": True,
    "role.supplies_technology": False,
    "role.buys_technology": False,
    "subject.name": "Shop Assistant Co.",
}


def answers_file(tmp_path: Path, answers: dict, name: str = "a.answers.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(answers), encoding="utf-8")
    return path


def summary(path: Path, *extra: str) -> dict:
    result = run_cli("summary", "--answers", str(path), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_generation_and_a_personalised_feed_are_two_algorithms_and_two_filings(tmp_path):
    data = summary(answers_file(tmp_path, SHOP))
    assert [(a["type"], a["this_interview"]) for a in data["algorithms"]] == [
        ("generation_synthesis", False),
        ("personalized_push", False),
    ]
    covers = {f["role"]: f["algorithms"] for f in data["filings"]}
    assert covers == {"deep_synthesis_provider": ["generation_synthesis"], "algorithm_recommendation_provider": ["personalized_push"]}
    text = run_cli("summary", "--answers", str(answers_file(tmp_path, SHOP))).stdout
    assert "Algorithms (one filing each)" in text and "answer algorithm.type" in text


def test_the_interview_files_the_algorithm_its_type_names_and_says_the_other_needs_its_own(tmp_path):
    path = answers_file(tmp_path, {**SHOP, "algorithm.type": "personalized_push"})
    data = summary(path)
    assert [(a["type"], a["this_interview"]) for a in data["algorithms"]] == [
        ("generation_synthesis", False),
        ("personalized_push", True),
    ]
    text = run_cli("summary", "--answers", str(path)).stdout
    assert "Personalised push (feeds and suggestions based on the user): this interview files it" in text
    assert "Generation and synthesis (creates or edits text, images, audio, video or virtual scenes): filed in an interview of its own" in text


def test_a_feed_and_its_search_answered_as_one_algorithm_list_one_and_as_separate_two(tmp_path):
    feed_and_search = {**SHOP, "service.generates_content": False, "service.recommendation_kinds": ["personalized_push", "search_filtering"]}
    for key in ("service.content_kinds", "role.serves_end_users", "role.supplies_technology", "role.buys_technology"):
        feed_and_search.pop(key)
    one = summary(answers_file(tmp_path, {**feed_and_search, "service.recommendation_algorithms": "one"}, "one.toml"))
    assert one["algorithms"] == [{"type": None, "kinds": ["personalized_push", "search_filtering"], "this_interview": True}]
    two = summary(answers_file(tmp_path, {**feed_and_search, "service.recommendation_algorithms": "separate"}, "two.toml"))
    assert [a["type"] for a in two["algorithms"]] == ["personalized_push", "search_filtering"]
    assert [f["algorithms"] for f in two["filings"]] == [["personalized_push", "search_filtering"]]


def test_an_algorithm_type_the_answers_do_not_show_is_refused_in_an_answers_file(tmp_path):
    result = run_cli("summary", "--answers", str(answers_file(tmp_path, {**SHOP, "algorithm.type": "dispatch_decision"})))
    assert result.returncode == 2
    assert "algorithm.type" in result.stderr and "contradicts the other answers" in result.stderr
    assert "generation_synthesis, personalized_push" in result.stderr


def test_an_algorithm_type_the_answers_do_not_show_is_refused_in_the_chat_and_never_offered(bank):
    from assistant.dialog.interview import Interview

    interview = Interview(bank, {**SHOP, "subject.name": "Shop"}, lang="en", today=dt.date(2026, 11, 25))
    view = interview.change("algorithm.type")
    assert [o for o, _ in view.ask.options] == ["generation_synthesis", "personalized_push"]
    refused = interview.answer("dispatch_decision")
    assert refused.refused and "algorithm.type" not in interview.answers
    view = interview.answer_line("2")  # numbers count the options offered
    assert interview.answers["algorithm.type"] == "personalized_push"


def test_the_generation_fields_are_not_asked_of_a_recommendation_algorithm(bank):
    from assistant.law.rules import assess

    asked = {q.id for q in bank.effective({**SHOP, "algorithm.type": "personalized_push"})[0]}
    assert "algorithm.risk.implicit_label" not in asked and "algorithm.model.generative_type" not in asked
    asked = {q.id for q in bank.effective({**SHOP, "algorithm.type": "generation_synthesis"})[0]}
    assert "algorithm.risk.implicit_label" in asked
    # The obligations stay the service's: labels are owed, open until the generation interview answers them.
    ids = {o.id: o.status for o in assess(bank, {**SHOP, "algorithm.type": "personalized_push"}).obligations}
    assert ids["label.implicit"] == "open"


def test_a_deadline_counts_from_the_launch_of_the_algorithm_it_concerns(tmp_path):
    path = answers_file(tmp_path, {**SHOP, "algorithm.type": "personalized_push", "algorithm.launch_date": dt.date(2026, 11, 2)})
    data = summary(path)
    due = {o["id"]: o["deadline"] for o in data["obligations"]}
    assert due["filing.algorithm_recommendation"] == "2026-11-16"
    assert due["filing.provider"] is None
    text = run_cli("summary", "--answers", str(path)).stdout
    assert "due 10 working days after that algorithm's own launch" in text


def test_new_like_copies_step_1_and_the_service_and_leaves_steps_2_and_3_blank(tmp_path, home):
    from assistant.dialog.session import answers_of
    from assistant.saved.store import Store

    first = {
        **SHOP,
        "subject.credit_code": "91350100M000100Y43",
        "algorithm.type": "generation_synthesis",
        "algorithm.name": "Copywriter",
        "algorithm.launch_date": dt.date(2026, 11, 2),
    }
    assert run_cli("import", str(answers_file(tmp_path, first)), "--name", "shop").returncode == 0
    result = run_cli("new", "--like", "shop", "--plain", input="quit\n")
    assert result.returncode == 0, result.stderr
    assert "shop-personalized_push" in result.stderr
    copied = answers_of(Store(), "shop-personalized_push")
    step_2_and_3 = {k for k in first if k.startswith(("algorithm.", "products", "technical_support"))}
    assert copied == {**{k: v for k, v in first.items() if k not in step_2_and_3}, "algorithm.type": "personalized_push"}
    listing = run_cli("list").stdout
    assert listing.index("shop ") < listing.index("shop-personalized_push")
    # Every algorithm the service shows has its interview: none is left, said plainly.
    again = run_cli("new", "--like", "shop", "--plain", input="")
    assert again.returncode == 2 and "none is left to file" in again.stderr
    assert "Traceback" not in again.stderr


def test_list_says_which_algorithms_of_a_service_still_lack_an_interview(tmp_path, home):
    assert run_cli("import", str(answers_file(tmp_path, {**SHOP, "algorithm.type": "generation_synthesis"})), "--name", "shop").returncode == 0
    listing = run_cli("list")
    assert "its service also runs personalized_push" in listing.stdout and "new --like shop" in listing.stdout
    rows = json.loads(run_cli("list", "--format", "json").stdout)
    assert rows[0]["algorithm"] == "generation_synthesis"
    assert rows[0]["service_algorithms"] == ["generation_synthesis", "personalized_push"]


def test_with_one_algorithm_shown_its_type_is_stated_not_asked_and_the_chat_says_so(tmp_path, home):
    from assistant.dialog.session import answers_of
    from assistant.files.answers import load_answers
    from assistant.law.questions import load_bank, to_file
    from assistant.saved.store import Store
    from conftest import COMPLETE

    bank = load_bank()
    order = [q.id for q in bank.questions]
    # The chatbot, answered up to its last question before the algorithm's: it generates, and recommends nothing.
    before = {k: v for k, v in load_answers(bank, COMPLETE).items() if order.index(k) < order.index("subject.policies")}
    assert run_cli("import", str(answers_file(tmp_path, to_file(before))), "--name", "g").returncode == 0
    chat = run_cli("chat", "--plain", "g", input="none\nquit\n")
    assert chat.returncode == 0, chat.stderr
    assert "From your earlier answers: Which type of algorithm is it? Generation and synthesis" in chat.stdout
    assert "What is the algorithm called?" in chat.stdout
    assert answers_of(Store(), "g")["algorithm.type"] == "generation_synthesis"
    assert Store().read("g").provenance["algorithm.type"] == "derived"
    data = json.loads(run_cli("summary", "g", "--format", "json").stdout)
    assert data["algorithms"] == [{"type": "generation_synthesis", "kinds": [], "this_interview": True}]
