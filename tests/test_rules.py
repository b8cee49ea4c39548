"""Roles, filings and obligations as RULES.md states them, one scenario a test."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.errors import BadInput
from assistant.files.answers import checked_answers
from assistant.law.rules import assess
from conftest import TODAY

CHATBOT = {
    "scope.audience": "public",
    "scope.public_interaction": False,
    "service.generates_content": True,
    "service.content_kinds": ["dialogue"],
    "service.recommends_content": False,
    "role.serves_end_users": True,
    "role.supplies_technology": False,
    "role.buys_technology": False,
}


def assessed(bank, **changes):
    answers = {**CHATBOT, **{k.replace("__", "."): v for k, v in changes.items()}}
    answers = {k: v for k, v in answers.items() if v is not None}
    return assess(bank, checked_answers(bank, answers), TODAY)


def ids(assessment):
    return {o.id for o in assessment.obligations}


def obligation(assessment, oid):
    return next(o for o in assessment.obligations if o.id == oid)


def test_internal_tool_owes_nothing_and_says_why(bank):
    a = assess(bank, {"scope.audience": "internal"}, TODAY)
    assert not any(a.roles.values())
    assert not a.filings and not a.obligations
    assert a.scope == ["scope.internal"]
    assert "outside the company later" in bank.readings["scope.internal"].en


def test_overseas_only_service_owes_nothing_but_is_told_mainland_reach_is_unsettled(bank):
    a = assess(bank, {"scope.audience": "overseas_only"}, TODAY)
    assert not a.filings
    assert "unsettled.overseas_reachable" in a.notes


def test_business_customers_only_is_in_scope_with_the_unsettled_reading_said(bank):
    a = assessed(bank, scope__audience="business_customers")
    assert a.roles["deep_synthesis_provider"]
    assert "unsettled.business_customers" in a.notes


def test_chatbot_without_public_interaction_still_files_as_provider_cautiously(bank):
    a = assessed(bank)
    assert list(a.filings) == ["deep_synthesis_provider"]
    assert "unsettled.provider_threshold" in a.filings["deep_synthesis_provider"]
    assert "unsettled.provider_threshold" in a.notes
    assert "filing.security_assessment" not in ids(a)


def test_provider_that_also_supplies_the_technology_files_twice(bank):
    a = assessed(bank, role__supplies_technology=True)
    assert set(a.filings) == {"deep_synthesis_provider", "deep_synthesis_technical_supporter"}
    assert all("filing.both_roles" in reasons for reasons in a.filings.values())
    assert {"filing.provider", "filing.technical_supporter"} <= ids(a)


def test_buyer_from_unfiled_supplier_still_files_and_is_warned_about_the_supplier(bank):
    a = assessed(bank, role__buys_technology=True, role__supplier_filed=False)
    assert a.roles["deep_synthesis_provider"]
    assert "filing.bought_technology" in a.filings["deep_synthesis_provider"]
    assert a.genai_path == "genai.supplier_not_filed"


def test_buyer_not_sure_of_the_supplier_filing_is_treated_as_unfiled(bank):
    a = assessed(bank, role__buys_technology=True, role__supplier_filed="unknown")
    assert a.genai_path == "genai.supplier_not_filed"


def test_buyer_from_filed_supplier_takes_the_registration_path(bank):
    a = assessed(bank, role__buys_technology=True, role__supplier_filed=True)
    assert a.genai_path == "genai.registration_path"


def test_in_house_model_takes_the_full_generative_ai_filing(bank):
    assert assessed(bank).genai_path == "genai.in_house"


def test_recommendation_without_public_interaction_owes_no_filing_but_keeps_its_duties(bank):
    a = assessed(
        bank,
        service__generates_content=False,
        service__content_kinds=None,
        role__buys_technology=None,
        service__recommends_content=True,
        service__recommendation_kinds=["dispatch_decision"],
    )
    assert a.roles["algorithm_recommendation_provider"]
    assert not a.filings
    assert {"rec.transparency", "rec.workers"} <= ids(a)
    assert "filing.algorithm_recommendation" not in ids(a)


def test_recommendation_with_public_interaction_files_and_gets_a_security_assessment(bank):
    a = assessed(
        bank,
        scope__public_interaction=True,
        service__recommends_content=True,
        service__recommendation_kinds=["personalized_push"],
    )
    assert "algorithm_recommendation_provider" in a.filings
    assert {"filing.algorithm_recommendation", "filing.security_assessment", "rec.user_controls"} <= ids(a)


def test_face_editing_needs_consent_and_a_security_assessment_whatever_the_audience(bank):
    a = assessed(bank, service__content_kinds=["image", "face"])
    assert {"biometric.editing_consent", "filing.security_assessment"} <= ids(a)
    assert "service.content_kinds = face" in obligation(a, "filing.security_assessment").because


def test_group_member_that_does_not_control_the_algorithm_is_told_who_files(bank):
    a = assessed(bank, subject__group_member=True, subject__controls_algorithm=False)
    assert "filing.group_designation" in ids(a)
    assert obligation(a, "filing.group_designation").because == [
        "subject.group_member = yes",
        "subject.controls_algorithm = no",
    ]


def test_filer_that_is_not_the_icp_entity_must_explain_the_relationship(bank):
    assert "filing.icp_mismatch_explanation" in ids(assessed(bank, subject__same_as_icp_entity=False))


def test_minors_not_sure_keeps_minor_protection_open(bank):
    a = assessed(bank, users__minors="unknown")
    assert obligation(a, "minors.protection").status == "open"


def test_code_generation_counts_as_deep_synthesis_and_says_it_is_unsettled(bank):
    a = assessed(bank, service__content_kinds=["code"])
    assert a.roles["deep_synthesis_provider"]
    assert "unsettled.code_generation" in a.notes
    assert "label.user_labeling_function" in ids(a)
    assert "label.conspicuous" not in ids(a)


@pytest.mark.parametrize("answer, status", [(True, "met"), (False, "gap"), (None, "open")])
def test_implicit_label_status_follows_the_answer(bank, answer, status):
    a = assessed(bank, algorithm__risk__implicit_label=answer)
    assert obligation(a, "label.implicit").status == status


def test_no_harmful_content_mechanism_is_a_gap(bank):
    a = assessed(bank, algorithm__risk__harmful_content_mechanism="none")
    assert obligation(a, "content.review").status == "gap"


def test_filing_deadline_counts_chinese_working_days_over_national_day(bank):
    a = assessed(bank, algorithm__launch_date=dt.date(2026, 9, 28))
    provider = obligation(a, "filing.provider")
    # 29-30 Sep, then 1-7 Oct off, 8-9 Oct, Saturday 10 Oct a make-up working day, 12-16 Oct.
    assert provider.deadline == dt.date(2026, 10, 16)
    assert provider.overdue


def test_launch_in_an_unpublished_year_counts_monday_to_friday_and_says_so(bank):
    a = assessed(bank, algorithm__launch_date=dt.date(2027, 3, 1))
    provider = obligation(a, "filing.provider")
    assert provider.deadline == dt.date(2027, 3, 15)
    assert not provider.overdue
    assert "deadline.fallback_calendar" in a.notes


def test_every_obligation_says_which_answers_triggered_it(bank):
    a = assessed(bank, scope__public_interaction=True, users__minors=True)
    assert a.obligations
    assert all(o.because for o in a.obligations)


# --- A companion app (RULES §10 draft note; RULES §5 genai.display_model) ---------------

COMPANION = {
    **CHATBOT,
    "service.content_kinds": ["dialogue", "voice"],
    "service.anthropomorphic": True,
    "users.minors": True,
    "role.buys_technology": True,
    "role.supplier_filed": True,
}

# What RULES.md owes a voiced virtual friend built on a filed supplier's model, and why.
COMPANION_OWES = [
    ("filing.provider", "role.serves_end_users = yes"),  # §4, cautious without public interaction
    ("genai.service_filing", "service.generates_content = yes"),  # §5
    ("genai.display_model", "role.serves_end_users = yes"),  # §5, CACN practice
    ("label.conspicuous", "service.content_kinds = dialogue"),  # §7, dialogue imitating a person
    ("biometric.editing_consent", "service.content_kinds = voice"),  # §7, voice output
    ("filing.security_assessment", "service.content_kinds = voice"),  # §4, DSP Art. 15(2)
    ("minors.protection", "users.minors = yes"),  # §7
]
COMPANION_OWES_NOT = ["filing.technical_supporter", "filing.algorithm_recommendation", "rec.transparency"]


def companion(bank, **changes):
    answers = {k: v for k, v in {**COMPANION, **changes}.items() if v is not None}
    return assess(bank, checked_answers(bank, answers), TODAY)


@pytest.mark.parametrize("oid, because", COMPANION_OWES)
def test_companion_app_owes_what_rules_md_says_with_its_reason(bank, oid, because):
    assert because in obligation(companion(bank), oid).because


@pytest.mark.parametrize("oid", COMPANION_OWES_NOT)
def test_companion_app_does_not_owe(bank, oid):
    assert oid not in ids(companion(bank))


@pytest.mark.parametrize(
    "anthropomorphic, noted",
    [
        (True, True),
        (False, False),
        (None, False),  # unanswered: no note yet, and the question is still to answer
    ],
)
def test_anthropomorphic_service_gets_the_draft_note_and_nothing_else(bank, anthropomorphic, noted):
    a = companion(bank, **{"service.anthropomorphic": anthropomorphic})
    assert ("draft.anthropomorphic" in a.notes) is noted
    # A draft is never an obligation and never a status (RULES §10): the duties are the same either way.
    baseline = companion(bank, **{"service.anthropomorphic": False})
    assert [(o.id, o.status) for o in a.obligations] == [(o.id, o.status) for o in baseline.obligations]
    assert ("service.anthropomorphic" in a.todo) is (anthropomorphic is None)


def test_the_draft_note_says_it_is_a_draft_to_check(bank):
    note = bank.readings["draft.anthropomorphic"]
    assert "draft" in note.en and "in force" in note.en and "no obligation" in note.en
    assert "《人工智能拟人化互动服务管理暂行办法（征求意见稿）》" in note.zh
    assert "draft.anthropomorphic" not in bank.obligations


def test_anthropomorphic_is_asked_only_when_the_service_generates_content(bank):
    assert bank.question("service.anthropomorphic").ask_when == {"service.generates_content": True}
    with pytest.raises(BadInput, match="service.anthropomorphic"):
        checked_answers(
            bank,
            {"scope.audience": "public", "service.generates_content": False, "service.anthropomorphic": True},
        )


@pytest.mark.parametrize(
    "changes, owed",
    [
        ({}, True),  # in-house chatbot that runs its own app
        ({"role.buys_technology": True, "role.supplier_filed": True}, True),  # registration path
        ({"role.buys_technology": True, "role.supplier_filed": "unknown"}, True),
        ({"scope.audience": "business_customers"}, True),
        ({"role.serves_end_users": False, "role.supplies_technology": True}, False),  # API supplier only
        (
            {  # recommends, generates nothing: not a generative AI provider
                "service.generates_content": False,
                "service.content_kinds": None,
                "role.buys_technology": None,
                "service.recommends_content": True,
                "service.recommendation_kinds": ["ranking_selection"],
            },
            False,
        ),
    ],
)
def test_display_model_is_owed_by_a_generative_ai_provider_that_runs_the_product(bank, changes, owed):
    a = assessed(bank, **{k.replace(".", "__"): v for k, v in changes.items()})
    assert ("genai.display_model" in ids(a)) is owed
    if owed:
        found = obligation(a, "genai.display_model")
        assert found.status == "open"  # RULES §7: no answer tells it
        assert found.deadline is None
        assert found.because[-1] == "role.serves_end_users = yes"
        assert bank.obligations["genai.display_model"].basis == ("CACN",)
