"""The law as RULES.md states it since 2026-07-15: one test per change, each failing on the rules before it."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import pytest

from assistant.files.answers import checked_answers
from assistant.files.record import build_record, record_toml
from assistant.files.summary import as_data, as_text
from assistant.law.rules import assess
from conftest import CHATBOT, TODAY, run_in_process

COMPANION = {
    **CHATBOT,
    "service.content_kinds": ["dialogue", "voice"],
    "service.anthropomorphic": True,
    "users.minors": True,
    "role.buys_technology": True,
    "role.supplier_filed": True,
}
ANTHRO = ["anthro.ai_identity", "anthro.use_time", "anthro.minors", "anthro.older_users", "anthro.wellbeing"]



def said_with(text: str, oid: str) -> str:
    """The paragraph of the summary that lists obligation `oid`: its reasons ("Owed because ...") and its lines."""
    return next(block for block in text.split("\n\n") if f"({oid})" in block)

def answered(bank, base=CHATBOT, **changes):
    answers = {**base, **{k.replace("__", "."): v for k, v in changes.items()}}
    return checked_answers(bank, {k: v for k, v in answers.items() if v is not None})


def assessed(bank, base=CHATBOT, **changes):
    return assess(bank, answered(bank, base, **changes), TODAY)


def ids(a):
    return [o.id for o in a.obligations]


def obligation(a, oid):
    return next(o for o in a.obligations if o.id == oid)


# --- Group designation (RULES §4) -----------------------------------------------------


def test_a_group_member_that_does_not_control_the_algorithm_keeps_its_filing_owed_with_its_deadline(bank):
    a = assessed(bank, subject__group_member=True, subject__controls_algorithm=False, algorithm__launch_date=dt.date(2026, 12, 1))
    filing = obligation(a, "filing.provider")
    assert filing.deadline == dt.date(2026, 12, 15)
    designation = obligation(a, "filing.group_designation")
    assert designation.deadline is None
    why = bank.obligations["filing.group_designation"].why.en
    assert "in writing" in why and "Step 3" in why and "optional" in why
    reason = bank.readings["filing.by_group_company"].en
    assert "may" in reason and "covers this service" in reason
    text = as_text(bank, a) + as_text(bank, a, "zh")
    assert "not you" not in text and "而不是你们" not in text
    assert "File the algorithm as a deep synthesis service provider" in text


# --- Duties of the service's other algorithm (RULES §7) -----------------------------------

FEED_OF_A_GENERATOR = {
    **CHATBOT,
    "service.recommends_content": True,
    "service.recommendation_kinds": ["personalized_push"],
    "scope.public_interaction": True,
    "algorithm.type": "personalized_push",
}


def test_a_feed_interview_lists_the_generation_algorithms_training_data_duty_as_open(bank):
    a = assessed(bank, FEED_OF_A_GENERATOR)
    duty = obligation(a, "data.training_personal_info")
    assert duty.status == "open"
    assert [str(r) for r in duty.because] == ["algorithm.model.training_personal_info = answered in the other algorithm's interview"]
    assert all(r.open for r in duty.because)
    said = next(o for o in as_data(bank, a)["obligations"] if o["id"] == "data.training_personal_info")
    assert said["because"] == ["algorithm.model.training_personal_info = answered in the other algorithm's interview"]
    assert "other algorithm" in said_with(as_text(bank, a), "data.training_personal_info")


def test_a_duty_whose_status_is_the_other_algorithms_says_that_interview_answers_it(bank):
    a = assessed(bank, FEED_OF_A_GENERATOR)
    label = obligation(a, "label.implicit")
    assert label.status == "open"
    assert "algorithm.risk.implicit_label = answered in the other algorithm's interview" in label.because


def test_a_trigger_simply_unanswered_here_stays_unlisted(bank):
    # algorithm.data.input_biometric is asked in this interview too: unanswered, it owes nothing yet.
    a = assessed(bank, FEED_OF_A_GENERATOR)
    assert "algorithm.data.input_biometric" in a.todo
    assert "biometric.editing_consent" not in ids(a)


def test_the_generation_interview_itself_is_unchanged(bank):
    a = assessed(bank, {**FEED_OF_A_GENERATOR, "algorithm.type": "generation_synthesis"})
    duty = obligation(a, "data.training_personal_info")
    assert [str(r) for r in duty.because] == ["algorithm.model.training_personal_info = not answered"]


# --- Anthropomorphic interactive services (RULES §7b) --------------------------------------


def test_an_anthropomorphic_service_owes_the_five_duties_of_the_measures_in_force(bank):
    a = assessed(bank, COMPANION)
    assert all(oid in ids(a) for oid in ANTHRO)
    assert obligation(a, "anthro.ai_identity").basis == ("AIS Art. 18",)
    assert obligation(a, "anthro.minors").because == ["users.minors = yes"]
    assert "anthro.minors" not in ids(assessed(bank, COMPANION, users__minors=False))
    assert obligation(assessed(bank, COMPANION, users__minors="unknown"), "anthro.minors").status == "open"
    assert not any(oid.startswith("anthro.") for oid in ids(assessed(bank, COMPANION, service__anthropomorphic=False)))


def test_an_anthropomorphic_service_files_under_ais_article_26_with_nothing_unsettled(bank):
    a = assessed(bank, COMPANION)
    assert "filing.anthropomorphic" in a.filings["deep_synthesis_provider"]
    assert "unsettled.provider_threshold" not in a.filings["deep_synthesis_provider"]
    assert "unsettled.provider_threshold" not in a.notes
    assert "AIS Art. 26" in obligation(a, "filing.provider").basis
    # Without the anthropomorphic answer, the threshold stays unsettled and AIS is not cited.
    plain = assessed(bank, COMPANION, service__anthropomorphic=False)
    assert "unsettled.provider_threshold" in plain.notes
    assert "AIS Art. 26" not in obligation(plain, "filing.provider").basis


def test_an_anthropomorphic_service_needs_a_security_assessment_and_hears_the_ais_penalty(bank):
    a = assessed(bank, COMPANION, service__content_kinds=["dialogue"])
    assessment = obligation(a, "filing.security_assessment")
    assert "service.anthropomorphic = yes" in assessment.because
    assert "AIS Art. 22" in assessment.basis
    penalty = as_data(bank, a)["penalty"]
    assert "AP Art. 31" in penalty and "AIS Art. 30" in penalty and "200,000" in penalty


def test_the_anthropomorphic_question_gives_the_scope_of_the_measures(bank):
    question = bank.question("service.anthropomorphic")
    assert "sustained emotional interaction" in question.help.en
    assert "Customer service" in question.help.en and "AIS Art. 2" in question.help.en
    assert "draft" not in question.help.en and "征求意见稿" not in question.help.zh
    assert "draft.anthropomorphic" not in bank.readings


def test_a_chinese_summary_cites_the_anthropomorphic_measures_in_full_first_then_short(bank):
    text = as_text(bank, assessed(bank, COMPANION), "zh")
    full, short = "《人工智能拟人化互动服务管理暂行办法》", "《拟人化互动办法》"
    assert full + "第十八条" in text or short + "第十八条" in text
    assert text.index(full) < text.index(short)
    assert "AIS Art" not in text
    assert "征求意见稿" not in text


# --- Registration only for an unmodified filed model (RULES §5) -----------------------------


@pytest.mark.parametrize(
    "modified, path, words",
    [
        (False, "genai.registration_path", "without changing it"),
        (True, "genai.model_modified", "only for a filed model called without change"),
        ("unknown", "genai.model_modified_unsure", "only for a filed model called without change"),
        (None, "genai.model_modified_open", "not answered yet"),
    ],
)
def test_registration_is_only_for_a_filed_model_called_without_change(bank, modified, path, words):
    a = assessed(bank, COMPANION, role__model_modified=modified)
    assert a.genai_path == path
    assert words in bank.readings[path].en
    if modified is None:
        assert "role.model_modified" in a.todo


def test_the_model_question_says_retrieval_is_unsettled(bank):
    question = bank.question("role.model_modified")
    assert "retrieval" in question.help.en and "unsettled" in question.help.en
    assert question.unsure and question.ask_when["role.supplier_filed"] is True


def test_the_display_duty_names_the_suppliers_model_and_number(bank):
    a = assessed(
        bank, COMPANION, role__model_modified=False, role__supplier_model_name="DeepThink",
        role__supplier_filing_number="Beijing-DeepThink-202403150001",
    )
    because = obligation(a, "genai.display_model").because
    assert "role.supplier_model_name = DeepThink" in because
    assert "role.supplier_filing_number = Beijing-DeepThink-202403150001" in because
    text = as_text(bank, a)
    assert "DeepThink" in said_with(text, "genai.display_model")


# --- The generative AI filing comes before launch (RULES §5) ---------------------------------


def test_the_generative_ai_filing_is_due_on_the_launch_date_and_overdue_once_launched(bank):
    soon = assessed(bank, algorithm__launch_date=dt.date(2027, 3, 1))
    assert obligation(soon, "genai.service_filing").deadline == dt.date(2027, 3, 1)
    assert not obligation(soon, "genai.service_filing").overdue
    assert "six months" in " ".join(as_data(bank, soon)["genai"]["reasons"])
    launched = assessed(bank, algorithm__launch_date=dt.date(2026, 11, 25))  # launched today
    assert obligation(launched, "genai.service_filing").overdue
    genai = as_data(bank, launched)["genai"]
    assert genai["deadline"] == "2026-11-25" and genai["overdue"] is True
    assert as_text(bank, launched).index("OVERDUE: Generative AI service filing") < as_text(bank, launched).index("Roles")


def test_the_summary_and_the_record_carry_the_deadline_and_the_suppliers_model(bank):
    answers = answered(
        bank, COMPANION, role__model_modified=False, role__supplier_model_name="DeepThink",
        role__supplier_filing_number="Beijing-DeepThink-202403150001", algorithm__launch_date=dt.date(2026, 10, 1),
    )
    a = assess(bank, answers, TODAY)
    genai = as_data(bank, a)["genai"]
    assert genai["path"] == "registration"
    assert genai["supplier_model"] == {"name": "DeepThink", "filing_number": "Beijing-DeepThink-202403150001"}
    now = dt.datetime(2026, 9, 30, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    record = tomllib.loads(record_toml(build_record(bank, answers, now=now)))
    service = record["genai_service"]
    assert service["deadline"] == dt.date(2026, 10, 1) and service["overdue"] is False  # as of generated_at
    assert service["supplier_model"] == {"name": "DeepThink", "filing_number": "Beijing-DeepThink-202403150001"}


# --- Security assessment (RULES §4) ---------------------------------------------------------


def test_no_security_assessment_is_listed_where_no_trigger_holds(bank):
    assert "filing.security_assessment" not in ids(assessed(bank))
    why = bank.obligations["filing.security_assessment"].why.en
    assert "due again" in why and "written notice" in why and "one million" in why
    assert "SAP Art. 3" in bank.obligations["filing.security_assessment"].basis


# --- Digital virtual humans (RULES §10) ----------------------------------------------------


def test_a_digital_virtual_human_gets_the_draft_note_and_no_obligation(bank):
    a = assessed(bank, service__content_kinds=["video"], service__digital_human=True)
    assert "draft.digital_human" in a.notes
    note = bank.readings["draft.digital_human"]
    assert "draft" in note.en and "in force" in note.en and "no obligation" in note.en
    assert "2026-04-03" in note.en and "《数字虚拟人服务管理办法（征求意见稿）》" in note.zh
    assert not any("digital" in oid for oid in ids(a))
    assert ids(a) == ids(assessed(bank, service__content_kinds=["video"], service__digital_human=False))
    assert "service.digital_human" in assessed(bank, service__content_kinds=["face"]).todo
    assert "service.digital_human" not in assessed(bank).todo  # dialogue only: not asked


# --- Calendar wording (RULES §8) -------------------------------------------------------------


def test_a_year_outside_the_calendar_is_not_said_to_be_unpublished(bank):
    a = assessed(bank, algorithm__launch_date=dt.date(2031, 12, 24))
    assert "deadline.fallback_calendar" in a.notes
    note = bank.readings["deadline.fallback_calendar"]
    assert "not in the assistant's calendar" in note.en and "may fall later" in note.en
    assert "not published" not in note.en and "尚未公布" not in note.zh
    assert "日历" in note.zh and "可能更晚" in note.zh


# --- Rules as of (CONTRACT §5, §6) ------------------------------------------------------------


def write_record(bank, tmp_path, answers, *edits):
    text = record_toml(build_record(bank, answers, now=dt.datetime(2026, 11, 25, tzinfo=dt.timezone(dt.timedelta(hours=8)))))
    for edit in edits:
        assert edit[0] in text
        text = text.replace(*edit)
    path = tmp_path / "record.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_records_and_the_summary_carry_the_rules_as_of(bank):
    answers = answered(bank)
    assert build_record(bank, answers)["rules_as_of"] == dt.date(2026, 7, 15)
    assert as_data(bank, assess(bank, answers, TODAY))["rules_as_of"] == "2026-07-15"


def test_a_record_of_older_rules_is_valid_and_says_what_changed(bank, tmp_path, capsys):
    path = write_record(bank, tmp_path, answered(bank, COMPANION), ("rules_as_of = 2026-07-15", "rules_as_of = 2026-03-01"))
    code, _, err = run_in_process(capsys, "validate", str(path))
    assert code == 0, err
    line = next(l for l in err.splitlines() if "2026-03-01" in l)
    assert "2026-07-15" in line and "anthropomorphic" in line and "registration is only for a filed model" in line
    assert "valid" in err.splitlines()[-1]
    code, out, err = run_in_process(capsys, "summary", str(path))
    assert code == 0, err
    assert line.split(": ", 1)[1] in out
    code, out, _ = run_in_process(capsys, "summary", str(path), "--format", "json")
    assert "2026-03-01" in json.loads(out)["rules_note"]


def test_a_record_of_todays_rules_says_nothing_of_them(bank, tmp_path, capsys):
    code, _, err = run_in_process(capsys, "validate", str(write_record(bank, tmp_path, answered(bank, COMPANION))))
    assert code == 0 and "rules as of" not in err


def test_a_record_of_schema_3_is_named_older_with_what_changed(bank, tmp_path, capsys):
    # A record of schema 3 has no rules_as_of: its rules are older than any the bank records.
    path = write_record(
        bank, tmp_path, answered(bank, COMPANION), ("schema_version = 4", "schema_version = 3"), ("rules_as_of = 2026-07-15\n", "")
    )
    code, _, err = run_in_process(capsys, "validate", str(path))
    assert code == 2
    assert "schema version 3, written by an older filing-assistant" in err
    assert "anthropomorphic" in err


# --- Each filing speaks its own law (RULES §3, §7, §8; issue 21) -------------------------------

RANKING_FEED = {  # a news feed that only ranks, with comments: a recommendation provider, nothing else
    "scope.audience": "public",
    "scope.public_interaction": True,
    "service.generates_content": False,
    "service.recommends_content": True,
    "service.recommendation_kinds": ["ranking_selection"],
    "role.serves_end_users": True,
    "role.supplies_technology": False,
}


def test_a_recommendation_only_filer_hears_the_recommendation_penalty_alone(bank):
    a = assessed(bank, RANKING_FEED)
    assert a.filings and set(a.filings) == {"algorithm_recommendation_provider"}
    en, zh = as_data(bank, a)["penalty"], as_data(bank, a, "zh")["penalty"]
    assert "AP Art. 31" in en and "DSP" not in en
    assert "《互联网信息服务算法推荐管理规定》第三十一条" in zh or "第三十一条" in zh
    assert "深度合成" not in zh and " " not in zh


def test_a_deep_synthesis_filer_still_hears_both_penalties_once(bank):
    en = as_data(bank, assessed(bank))["penalty"]
    assert en.count("AP Art. 31") == 1 and en.count("DSP Art. 22") == 1
    assert "AIS Art. 30" not in en
    zh = as_data(bank, assessed(bank, COMPANION), "zh")["penalty"]
    assert "第三十一条" in zh and "第二十二条" in zh and "第三十条" in zh and " " not in zh


def test_a_recommendation_only_summary_speaks_no_generation_or_labeling_law(bank):
    a = assessed(bank, RANKING_FEED)
    en, zh = as_text(bank, a), as_text(bank, a, "zh")
    for words in ("DSP", "labeling materials", "synthesis results", "generated content"):
        assert words not in en, words
    for words in ("深度合成管理规定", "标识材料", "合成结果", "生成内容标识"):
        assert words not in zh, words
    review = said_with(en, "content.review")
    assert "AP Art. 9" in review and "recommend" in review
    report = said_with(en, "docs.self_assessment_report")
    assert "transparency" in report


def test_a_service_that_also_generates_keeps_the_generation_wording(bank):
    text = as_text(bank, assessed(bank, FEED_OF_A_GENERATOR))
    assert "labeling materials" in said_with(text, "docs.self_assessment_report")
    assert "generated results" in said_with(text, "content.review")


def test_the_harmful_content_mechanism_is_not_asked_of_a_recommendation_algorithm(bank):
    # FORM.md: 生成合成有害信息发现处置机制 is a generation field, not asked of a recommendation algorithm.
    qid = "algorithm.risk.harmful_content_mechanism"
    assert qid in assessed(bank).todo
    assert qid not in assessed(bank, RANKING_FEED).todo
    assert qid not in assessed(bank, FEED_OF_A_GENERATOR).todo
    assert qid in assessed(bank, {**FEED_OF_A_GENERATOR, "algorithm.type": "generation_synthesis"}).todo


def test_a_recommendation_only_record_says_what_its_report_covers_without_labeling(bank):
    record = build_record(bank, answered(bank, RANKING_FEED))
    covers = record["documents"]["self_assessment_report"]["covers"]
    assert "transparency" in covers and "labeling" not in covers
    assert "DSP" not in record["penalty"]


# --- A document's status says why (issue 21) -----------------------------------------------------


def complete_summary(bank, lang="en", **changes):
    from assistant.files.answers import load_answers
    from conftest import COMPLETE

    answers = {**load_answers(bank, COMPLETE), **{k.replace("__", "."): v for k, v in changes.items()}}
    answers = checked_answers(bank, {k: v for k, v in answers.items() if v is not None})
    return as_text(bank, assess(bank, answers, TODAY), lang, answers=answers)


def test_each_documents_status_says_why(bank):
    text = complete_summary(bank)
    table = said_with(text, "docs.subject_responsibility_table")
    assert "[✓ met]" in table and "the five policies the filing guide names are in force (subject.policies)" in table
    assert "filing-assistant draft" in table  # met: the policies, not the table itself, which is still to be written
    report = said_with(text, "docs.self_assessment_report")
    assert "[✓ met]" in report and "answered as Ready (algorithm.self_assessment_report)" in report
    disclosure = said_with(text, "docs.public_disclosure")
    assert "[✗ gap]" in disclosure and "answered as Being drafted (algorithm.public_disclosure)" in disclosure
    # Only the documents' statuses: a duty's follows its one answer, named in its reasons.
    assert text.count("Why this status") == 3


def test_a_documents_gap_or_open_status_names_what_is_missing(bank):
    text = complete_summary(bank, "zh", subject__policies=["self_assessment", "monitoring"])
    table = next(block for block in text.split("\n\n") if "（docs.subject_responsibility_table）" in block)
    assert "存在缺口" in table and "违规处置" in table and "科技伦理审查" in table and "（subject.policies）" in table
    text = complete_summary(bank, algorithm__public_disclosure=None)
    assert "algorithm.public_disclosure is not answered yet" in said_with(text, "docs.public_disclosure")


# --- Chinese citations: the full title first, anywhere in an output (RULES §1) ----------------------


@pytest.mark.parametrize("base", [CHATBOT, RANKING_FEED, COMPANION, FEED_OF_A_GENERATOR], ids=["chatbot", "feed", "companion", "two"])
def test_no_chinese_output_names_a_short_title_before_its_full_one(bank, base):
    from assistant.files.summary import as_json
    from assistant.law.instruments import instruments

    a = assessed(bank, base)
    outputs = {"text": as_text(bank, a, "zh"), "md": as_text(bank, a, "zh", markdown=True), "json": as_json(bank, a, "zh")}
    names = json.loads(outputs["json"])["short_names"]
    assert names and all(meaning.startswith(instruments()[short].full("zh")) for short, meaning in names.items())
    for name, text in outputs.items():
        assert "《算法推荐规定》" not in text  # RULES §1 names it 《算法推荐管理规定》
        for short, ins in instruments().items():
            title, brief = ins.full("zh"), ins.brief("zh")
            if brief in text and brief != title and ins.quoted:  # practice sources are no titled instruments
                assert title in text and text.index(title) < text.index(brief), (name, short)


def test_the_short_names_list_gives_the_full_title_first_then_the_short_one(bank):
    text = as_text(bank, assessed(bank, RANKING_FEED), "zh")
    legend = text.split("本摘要所用简称")[1]
    assert "• 《互联网信息服务算法推荐管理规定》，2022年3月1日施行，简称《算法推荐管理规定》" in legend
    english = as_text(bank, assessed(bank, RANKING_FEED)).split("Short names used here")[1]
    assert "• Internet Information Service Algorithmic Recommendation Management Provisions" in english
    assert "in force 2022-03-01, cited as AP" in english


def test_a_chinese_record_names_each_instrument_in_full_first(bank):
    from assistant.law.instruments import instruments

    text = record_toml(build_record(bank, answered(bank, COMPANION), lang="zh"))
    for short, ins in instruments().items():
        title, brief = ins.full("zh"), ins.brief("zh")
        if brief in text and brief != title and ins.quoted:
            assert text.index(title) < text.index(brief), short
