"""What earlier answers say (assistant/law/derive.py): each derivation, as data and through the interview."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.dialog.interview import Interview
from assistant.law.derive import derived, disagreement, spec_problems
from assistant.law.questions import NOT_SURE, narrowed
from assistant.files.answers import load_answers
from conftest import COMPLETE, TODAY

ZHEJIANG_COMPANY = "91330106MA2AB1C2D4"
"""A valid credit code: 9 market regulation, 1 an enterprise, 33 Zhejiang."""
FUJIAN_COMPANY = "91350100M000100Y43"


def field(bank, qid):
    if "/" in qid:
        question, fid = qid.split("/")
        return bank.question(question).field(fid)
    return bank.question(qid)


def test_every_derivation_in_the_bank_is_well_formed_and_names_questions_that_exist(bank):
    fields = [*bank.questions, *(f for q in bank.questions for f in q.fields)]
    problems = [p for f in fields for p in spec_problems(f)]
    assert problems == []
    for f in fields:
        named = [f.derive.get("from"), *f.derive.get("same", []), *f.derive.get("when", {})]
        assert all(qid in bank.by_id for qid in named if qid), f.id


@pytest.mark.parametrize(
    "code, wanted",
    [(ZHEJIANG_COMPANY, "company"), ("12100000400000624D", "public_institution"), ("51100000500000143D", "social_organization")],
)
def test_the_entity_type_follows_from_the_credit_codes_registration_authority_and_category(bank, code, wanted):
    from stdnum.cn import uscc

    code = code[:17] + uscc.calc_check_digit(code[:17])
    found = derived(bank.question("subject.entity_type"), {"subject.credit_code": code}, TODAY)
    assert found is not None and found.value == wanted and found.certain


def test_a_credit_code_of_another_kind_says_nothing_of_the_entity_type(bank):
    # 92: an individual business, which none of the options names exactly.
    assert derived(bank.question("subject.entity_type"), {"subject.credit_code": "92330106MA2AB1C2D" + "0"}, TODAY) is None


def test_the_province_is_offered_from_the_administrative_division_code(bank):
    found = derived(bank.question("subject.province"), {"subject.credit_code": ZHEJIANG_COMPANY}, TODAY)
    assert found is not None and found.value == "zhejiang" and not found.certain
    assert derived(bank.question("subject.province"), {"subject.credit_code": FUJIAN_COMPANY}, TODAY).value == "fujian"


def test_a_credit_code_whose_region_disagrees_with_the_province_chosen_is_said_and_the_answer_kept(bank):
    answers = {"subject.credit_code": FUJIAN_COMPANY, "subject.province": "zhejiang"}
    question, value = disagreement(bank, answers, "subject.province", TODAY)
    assert question.id == "subject.province" and value == "fujian"
    assert disagreement(bank, {**answers, "subject.province": "fujian"}, "subject.province", TODAY) is None


def test_in_the_interview_the_province_differs_said_and_kept(bank):
    iv = at(bank, "subject.province", {"subject.credit_code": FUJIAN_COMPANY})
    view = iv.answer_line("zhejiang")
    assert iv.answers["subject.province"] == "zhejiang"
    assert "Fujian" in view.notice and "Zhejiang" in view.notice and "kept" in view.notice
    assert iv.provenance["subject.province"] == "typed"


@pytest.mark.parametrize(
    "kinds, scenario, output",
    [(["dialogue"], "dialogue", ["text"]), (["text", "image"], "writing", ["text", "image"]), (["music"], "music", ["audio"])],
)
def test_modality_and_scenario_follow_from_the_content_kinds(bank, kinds, scenario, output):
    answers = {"service.content_kinds": kinds, "algorithm.type": "generation_synthesis"}
    assert derived(bank.question("algorithm.usage_scenario"), answers, TODAY).value == scenario
    found = derived(bank.question("algorithm.data.output_modality"), answers, TODAY)
    assert found.value == output and found.certain
    assert derived(bank.question("algorithm.data.input_modality"), answers, TODAY).value == ["text"]


def test_a_face_or_other_kind_suggests_no_modality_rather_than_half_of_one(bank):
    answers = {"service.content_kinds": ["image", "face"], "algorithm.type": "generation_synthesis"}
    assert derived(bank.question("algorithm.data.output_modality"), answers, TODAY) is None


def test_a_recommendation_algorithm_is_offered_no_generation_scenario(bank):
    answers = {"service.content_kinds": ["dialogue"], "algorithm.type": "personalized_push"}
    assert derived(bank.question("algorithm.usage_scenario"), answers, TODAY) is None


def test_the_output_format_is_offered_from_the_output_modality(bank):
    found = derived(bank.question("algorithm.data.output_format"), {"algorithm.data.output_modality": ["text", "image"]}, TODAY)
    assert found.value == ["txt", "png"] and not found.certain


def test_text_only_input_has_no_biometric_features(bank):
    q = bank.question("algorithm.data.input_biometric")
    found = derived(q, {"algorithm.data.input_modality": ["text"]}, TODAY)
    assert found.value is False and found.certain
    assert derived(q, {"algorithm.data.input_modality": ["text", "image"]}, TODAY) is None


def test_batch_output_is_offered_no(bank):
    found = derived(bank.question("algorithm.data.batch_output"), {}, TODAY)
    assert found.value is False and not found.certain


@pytest.mark.parametrize("launch, status", [(dt.date(2027, 3, 1), "not_yet"), (dt.date(2026, 9, 28), "online"), (TODAY, "online")])
def test_a_products_status_is_offered_from_the_launch_date(bank, launch, status):
    found = derived(field(bank, "products/status"), {"algorithm.launch_date": launch}, TODAY)
    assert found.value == status and not found.certain


@pytest.mark.parametrize("audience, serves", [("public", "individuals"), ("business_customers", "organisations")])
def test_whom_a_product_serves_is_offered_from_the_audience(bank, audience, serves):
    assert derived(field(bank, "products/serves"), {"scope.audience": audience}, TODAY).value == serves


def test_the_contact_is_offered_the_officer_and_then_has_the_officers_phone_and_email(bank):
    officer = {
        "subject.security_officer.name": "李娜",
        "subject.security_officer.phone": "+86 138 0571 8888",
        "subject.security_officer.email": "security@xiaozhi.example",
    }
    assert derived(bank.question("subject.contact.name"), officer, TODAY).value == "李娜"
    same = {**officer, "subject.contact.name": "李娜"}
    phone = derived(bank.question("subject.contact.phone"), same, TODAY)
    assert phone.value == "+86 138 0571 8888" and phone.certain
    assert derived(bank.question("subject.contact.email"), same, TODAY).value == "security@xiaozhi.example"
    other = {**officer, "subject.contact.name": "Zhang Min"}
    assert derived(bank.question("subject.contact.phone"), other, TODAY) is None
    # The contact's number must be a mobile: an officer's landline is not stated as it, it is asked.
    landline = {**same, "subject.security_officer.phone": "+86 571 8888 0000"}
    assert derived(bank.question("subject.contact.phone"), landline, TODAY) is None


def test_the_algorithm_type_where_one_is_possible_is_certain(bank):
    answers = {"service.generates_content": True, "service.recommends_content": False}
    found = derived(narrowed(bank.question("algorithm.type"), answers), answers, TODAY)
    assert found.value == "generation_synthesis" and found.certain


def test_not_sure_derives_nothing(bank):
    assert derived(bank.question("algorithm.data.input_biometric"), {"algorithm.data.input_modality": NOT_SURE}, TODAY) is None


# --- Through the interview ----------------------------------------------------------------


def at(bank, qid, answers, *, without=()):
    """An interview of the complete chatbot at `qid`, with `answers` and without `qid`, the answers after it
    in the interview and `without`."""
    given = load_answers(bank, COMPLETE)
    order = [q.id for q in bank.questions]
    kept = {k: v for k, v in given.items() if order.index(k) < order.index(qid) and k not in without}
    iv = Interview(bank, {**kept, **answers}, today=TODAY)
    iv.position = (qid,)
    return iv


def test_a_certain_value_is_stated_and_a_default_is_taken_to_confirm_at_the_end(bank):
    iv = at(bank, "subject.credit_code", {})
    view = iv.answer_line(ZHEJIANG_COMPANY)
    # The entity type follows from the code: stated, the next question asked.
    assert iv.answers["subject.entity_type"] == "company" and iv.provenance["subject.entity_type"] == "derived"
    assert "Company (enterprise)" in view.progress_note
    assert view.ask.question_id == "subject.legal_representative"
    view = iv.answer_line("王伟")
    # The province the code shows is only a suggestion: taken, said, and left to confirm; the next question asked.
    assert view.ask.question_id == "subject.address"
    assert iv.answers["subject.province"] == "zhejiang" and iv.provenance["subject.province"] == "default"
    assert "taken for now (you confirm them at the end): In which province" in view.progress_note and "Zhejiang" in view.progress_note
    assert iv.unconfirmed == ["subject.province"]


def complete_but(bank, *missing):
    return {k: v for k, v in load_answers(bank, COMPLETE).items() if k not in missing}


def test_the_defaults_taken_are_confirmed_together_and_yes_keeps_them(bank):
    iv = Interview(bank, complete_but(bank, "subject.province", "algorithm.data.batch_output"), today=TODAY)
    view = iv.view()
    assert view.state == "confirming" and view.ask.members == ("subject.province", "algorithm.data.batch_output")
    assert "These 2 answers were suggested by your others" in view.ask.text
    # The chatbot's credit code is one of Fujian's (its province answer, Zhejiang, is left out here).
    assert "- In which province, region or municipality is the company registered? Fujian" in view.ask.text
    assert "- Can users generate many pieces of content in one go (batch output)? no" in view.ask.text
    assert view.ask.default is True and view.empty_line == "default"
    view = iv.answer_line("")
    assert view.notice == "Kept the 2 answers taken from your others." and iv.unconfirmed == []
    assert iv.provenance["subject.province"] == iv.provenance["algorithm.data.batch_output"] == "default"
    assert iv.answers["subject.province"] == "fujian" and iv.answers["algorithm.data.batch_output"] is False


def test_no_at_the_confirmation_asks_each_again_with_its_default_and_another_answer_is_typed(bank):
    iv = Interview(bank, complete_but(bank, "subject.province", "algorithm.data.batch_output"), today=TODAY)
    view = iv.answer_line("n")
    assert "subject.province" not in iv.answers and "algorithm.data.batch_output" not in iv.answers
    assert view.ask.question_id == "subject.province" and view.ask.default == "fujian"
    view = iv.answer_line("")
    assert iv.answers["subject.province"] == "fujian" and iv.provenance["subject.province"] == "default"
    assert view.ask.question_id == "algorithm.data.batch_output" and view.ask.default is False
    iv.answer_line("y")
    assert iv.answers["algorithm.data.batch_output"] is True and iv.provenance["algorithm.data.batch_output"] == "typed"
    assert iv.view().state != "confirming"  # nothing is left to confirm: each was asked


def test_a_default_taken_whose_source_changes_follows_it(bank):
    iv = Interview(bank, complete_but(bank, "algorithm.usage_scenario"), today=TODAY)
    assert iv.answers["algorithm.usage_scenario"] == "dialogue" and iv.state == "confirming"
    iv.change("service.content_kinds")
    iv.answer(["image"])
    assert iv.answers["algorithm.usage_scenario"] == "image"  # still a suggestion, of the new answer


def test_change_asks_an_unanswered_question_as_itself_with_its_default_offered(bank):
    iv = Interview(bank, complete_but(bank, "subject.province"), today=TODAY)
    iv.answer_line("n")  # no at the confirmation: unanswered again
    iv.change("subject.province")
    view = iv.view()
    assert view.ask.question_id == "subject.province" and view.ask.default == "fujian" and not view.ask.members


def test_an_empty_line_back_at_a_products_status_does_not_replace_what_it_has(bank):
    answers = {**load_answers(bank, COMPLETE), "algorithm.launch_date": dt.date(2027, 3, 1)}  # would offer "not yet"
    assert answers["products"][0]["status"] == "online"
    iv = Interview(bank, answers, position=("products", 0, "status"), today=TODAY)  # back at the field, as `back` takes the filer there
    assert iv.state == "in_item"
    assert iv.view().ask.default is None  # it has an answer: nothing is offered
    view = iv.answer_line("")
    assert view.refused and iv.answers["products"][0]["status"] == answers["products"][0]["status"]


def test_the_plain_chat_shows_a_default_of_no_and_an_empty_line_takes_it(bank, home):
    import io

    from assistant.dialog.session import Session
    from assistant.saved.store import Store
    from assistant.shells.plain import run_plain

    with Session(Store(home), "acme", create=True, bank=bank, today=TODAY, seed=complete_but(bank, "algorithm.data.batch_output")):
        pass
    out = io.StringIO()
    # The default taken is confirmed at the end: no asks it again, its default of no shown; an empty line takes it.
    code = run_plain("acme", stdin=io.StringIO("n\n\nquit\n"), stdout=out, stderr=io.StringIO(), store=Store(home), today=TODAY)
    assert code == 0
    assert "(y = yes, n = no; an empty line chooses yes)" in out.getvalue()
    assert "(y = yes, n = no; an empty line chooses no)" in out.getvalue()
    assert Store(home).read("acme").answers["algorithm.data.batch_output"] is False


def test_an_interview_left_open_over_midnight_offers_what_the_new_day_says(bank, monkeypatch):
    """An interview without a fixed day takes China's today afresh after each act: a product whose launch date
    was tomorrow when its status was taken is online the day after."""
    monkeypatch.setenv("FILING_ASSISTANT_TODAY", "2027-02-28")
    given = load_answers(bank, COMPLETE)
    answers = {k: v for k, v in given.items() if k != "products"} | {"algorithm.launch_date": dt.date(2027, 3, 1)}
    iv = Interview(bank, answers)  # no fixed day
    view = iv.view()
    assert view.ask.question_id == "products"
    for line in ("小智 App", "1", "https://xiaozhi.example/download"):
        view = iv.answer_line(line)
    # Its status is taken from the launch date tomorrow (to confirm at the end), and follows the new day.
    assert iv.answers["products"][0]["status"] == "not_yet" and "products/0/status" in iv.unconfirmed
    assert view.ask.steps[-1] == "real_name"
    monkeypatch.setenv("FILING_ASSISTANT_TODAY", "2027-03-02")
    iv.answer_line("y")
    assert iv.answers["products"][0]["status"] == "online"
