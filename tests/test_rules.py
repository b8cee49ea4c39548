"""Roles, filings and obligations as RULES.md states them, one scenario a test."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.errors import BadInput
from assistant.files.answers import checked_answers
from assistant.law.rules import assess
from conftest import CHATBOT, TODAY



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
    a = assessed(bank, role__buys_technology=True, role__supplier_filed=True, role__model_modified=False)
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


ANTHRO = ["anthro.ai_identity", "anthro.use_time", "anthro.minors", "anthro.older_users", "anthro.wellbeing"]


@pytest.mark.parametrize("anthropomorphic, owed", [(True, True), (False, False), (None, False)])
def test_anthropomorphic_service_owes_the_duties_of_the_measures_in_force(bank, anthropomorphic, owed):
    """RULES §7b: law since 2026-07-15, no longer a draft note; unanswered owes nothing yet."""
    a = companion(bank, **{"service.anthropomorphic": anthropomorphic})
    assert all((oid in ids(a)) is owed for oid in ANTHRO)
    assert not [n for n in a.notes if "anthropomorphic" in n]
    assert ("service.anthropomorphic" in a.todo) is (anthropomorphic is None)


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


# --- An unanswered deciding question is open, never "no" (RULES §7) -----------------

RECOMMENDER = {
    "scope__public_interaction": None,
    "service__generates_content": False,
    "service__content_kinds": None,
    "role__buys_technology": None,
    "service__recommends_content": True,
    "service__recommendation_kinds": ["personalized_push"],
}


def test_recommender_with_public_interaction_unanswered_is_told_its_filing_is_open_not_unowed(bank):
    from assistant.files.summary import as_text

    a = assessed(bank, **RECOMMENDER, algorithm__launch_date=dt.date(2026, 9, 1))
    assert a.open_filings == {"algorithm_recommendation_provider": ["scope.public_interaction"]}
    filing = obligation(a, "filing.algorithm_recommendation")
    assert filing.status == "open"
    assert "scope.public_interaction = not answered" in filing.because
    assert filing.overdue  # launched in September: if owed, it is overdue
    text = as_text(bank, a)
    assert "No algorithm filing is owed" not in text
    assert "Open: may be owed" in text and "scope.public_interaction" in text


def test_minors_unanswered_keeps_minor_protection_open_naming_the_question(bank):
    a = assessed(bank)
    assert obligation(a, "minors.protection").because == ["users.minors = not answered"]
    assert obligation(a, "minors.protection").status == "open"


def test_provider_with_public_interaction_unanswered_files_without_the_unsettled_premise_and_an_open_assessment(bank):
    a = assessed(bank, scope__public_interaction=None)
    assert "unsettled.provider_threshold" not in a.notes
    assert "unsettled.provider_threshold" not in a.filings["deep_synthesis_provider"]
    assert "filing.open.provider_public_interaction" in a.filings["deep_synthesis_provider"]
    assert not a.open_filings  # the provider files either way
    assessment = obligation(a, "filing.security_assessment")
    assert assessment.status == "open"
    assert assessment.because == ["scope.public_interaction = not answered"]


def test_nothing_answered_says_whether_a_filing_is_owed_is_open(bank):
    from assistant.files.summary import as_text

    a = assess(bank, {}, TODAY)
    assert a.undecided == ["scope.audience"]
    text = as_text(bank, a)
    assert "No algorithm filing is owed" not in text
    assert "still open" in text and "scope.audience" in text


# --- Smaller legal findings (RULES §3, §4, §7, §8) ------------------------------------

NO_ROLE = {
    "service__generates_content": False,
    "service__content_kinds": None,
    "role__buys_technology": None,
    "role__serves_end_users": None,
    "role__supplies_technology": None,
    "service__recommends_content": False,
}


def test_service_that_holds_no_role_is_not_told_to_protect_minors(bank):
    a = assessed(bank, **NO_ROLE, users__minors=True)
    assert not any(a.roles.values())
    assert "minors.protection" not in ids(a)


def test_recommender_without_public_interaction_is_told_why_no_filing_is_owed_and_what_would_bring_one(bank):
    from assistant.files.summary import as_text

    a = assessed(bank, **{**RECOMMENDER, "scope__public_interaction": False})
    assert not a.filings
    assert "scope.recommendation_without_public_interaction" in a.scope
    reason = bank.readings["scope.recommendation_without_public_interaction"]
    assert "AP Art. 24" in reason.en and "SAP Art. 2" in reason.en and "comments, posts" in reason.en
    text = as_text(bank, a)
    no_filing = text.index("No algorithm filing is owed")
    assert text.index("AP Art. 24 requires filing only") > no_filing


def test_group_member_that_does_not_control_the_algorithm_keeps_its_filing_listed(bank):
    a = assessed(
        bank, subject__group_member=True, subject__controls_algorithm=False, algorithm__launch_date=dt.date(2026, 12, 1)
    )
    # RULES §4: the designation is optional; the role's filing stays owed, with its deadline.
    assert obligation(a, "filing.provider").deadline is not None
    assert obligation(a, "filing.group_designation").deadline is None
    assert a.filings["deep_synthesis_provider"][0] == "filing.by_group_company"
    from assistant.files.summary import as_text

    text = as_text(bank, a)
    assert "File the algorithm as a deep synthesis service provider" in text
    assert "files it, not you" not in text


def test_recommendation_only_filer_is_cited_no_deep_synthesis_or_generative_ai_article(bank):
    a = assessed(bank, **{**RECOMMENDER, "scope__public_interaction": True}, users__minors=True)
    cited = [c for o in a.obligations for c in o.basis]
    assert cited and all(not c.startswith(("DSP", "GAI")) for c in cited)
    assert "LBL Art. 12" not in cited
    assert obligation(a, "content.review").basis == ("AP Art. 9",)


def test_deep_synthesis_provider_keeps_every_article_that_binds_it(bank):
    a = assessed(bank)
    # Generation and synthesis is also an AP Art. 2 type (RULES §3), so AP Art. 9 binds it too.
    assert obligation(a, "content.review").basis == ("DSP Art. 10", "GAI Art. 14", "AP Art. 9")


def test_real_identity_bars_only_information_publishing_to_unverified_users(bank):
    why = bank.obligations["users.real_identity"].why
    assert "do not serve users who are not verified" not in why.en
    assert "information publishing" in why.en and "信息发布服务" in why.zh


def test_launched_service_is_not_told_to_start_three_months_before_launch(bank):
    from assistant.files.summary import as_text

    launched = assessed(bank, algorithm__launch_date=dt.date(2026, 9, 28))
    assert launched.launched
    assert "three months before launch" not in as_text(bank, launched)
    assert "三个月" not in as_text(bank, launched, "zh")
    assert "three months before launch" in as_text(bank, assessed(bank, algorithm__launch_date=dt.date(2027, 3, 1)))


def test_today_is_chinas_date_not_the_machines(monkeypatch):
    from assistant.law.clock import today_in_china

    # 20:00 UTC on 25 November is 04:00 on 26 November in Beijing.
    assert today_in_china(dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 26)
    monkeypatch.setenv("FILING_ASSISTANT_TODAY", "2026-01-02")
    assert today_in_china() == dt.date(2026, 1, 2)
    monkeypatch.delenv("FILING_ASSISTANT_TODAY")
    assert today_in_china() == dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()


def test_monday_to_friday_fallback_note_names_the_year(bank):
    from assistant.files.summary import as_data

    a = assessed(bank, algorithm__launch_date=dt.date(2027, 3, 1))
    assert a.fallback_years == [2027]
    note = next(n for n in as_data(bank, a)["notes"] if "Monday to Friday" in n)
    assert "2027" in note
    assert "2027" in next(n for n in as_data(bank, a, "zh")["notes"] if "周一至周五" in n)


def test_generating_for_no_one_holds_no_role_and_says_why(bank):
    a = assessed(bank, role__serves_end_users=False, role__supplies_technology=False, role__buys_technology=None)
    assert not any(a.roles.values())
    assert a.scope == ["scope.generates_for_no_one"]
    assert "DSP Art. 23" in bank.readings["scope.generates_for_no_one"].en


def test_chinese_wording_follows_the_articles_and_chinese_punctuation(bank):
    texts = [o.why.zh for o in bank.obligations.values()] + [o.zh for o in bank.obligations.values()]
    texts += [r.zh for r in bank.readings.values()]
    texts += [q.help.zh for q in bank.questions if q.help] + [q.zh for q in bank.questions]
    assert not [t for t in texts if "舆论属性或社会动员" in t]
    assert bank.obligations["label.conspicuous"].zh.endswith("显式标识")
    assert not [t for t in texts if '"' in t]


def test_chinese_summary_lines_use_chinese_colons(bank):
    from assistant.files.summary import as_text

    a = assessed(bank, **{**RECOMMENDER, "scope__public_interaction": True}, algorithm__launch_date=dt.date(2026, 9, 1))
    for markdown in (False, True):
        for line in as_text(bank, a, "zh", markdown=markdown).splitlines():
            if any("\u4e00" <= ch <= "\u9fff" for ch in line):
                assert ": " not in line and '"' not in line, line


# --- RULES.md additions: log retention, documents in practice, short names, Chinese citations ---


@pytest.mark.parametrize(
    "changes",
    [
        {},  # a chatbot that files
        {**RECOMMENDER, "scope__public_interaction": False},  # a recommender that owes no filing
    ],
)
def test_every_role_keeps_logs_with_or_without_a_filing_citing_ap_and_the_csl(bank, changes):
    a = assessed(bank, **changes)
    logs = obligation(a, "logs.retention")
    assert logs.basis == ("AP Art. 28(2)", "CSL Art. 23(3)")


def test_no_role_keeps_no_logs_under_these_rules(bank):
    assert "logs.retention" not in ids(assessed(bank, **NO_ROLE))


def test_documents_say_the_commitment_letter_and_the_company_seal(bank):
    table = bank.obligations["docs.subject_responsibility_table"].why
    assert "算法备案承诺书" in table.en and "加盖公章" in table.en and "practice" in table.en
    assert "算法备案承诺书" in table.zh and "加盖公章" in table.zh


@pytest.mark.parametrize(
    "basis, chinese",
    [
        ("DSP Art. 19(1)", "《深度合成管理规定》第十九条第一款"),
        ("AP Art. 24(2)", "《算法推荐管理规定》第二十四条第二款"),
        ("CSL Art. 23(3)", "《网络安全法》第二十三条第（三）项"),
        ("GAI Art. 17", "《暂行办法》第十七条"),
        ("LBL Art. 5", "《标识办法》第五条"),
        ("GUIDE §3.1", "备案指南第3.1节"),
    ],
)
def test_chinese_output_cites_the_short_title_and_article_after_the_full_title_once(basis, chinese):
    from assistant.files.summary import Citer
    from assistant.law.instruments import instruments

    cite = Citer("zh")
    first, again = cite(basis), cite(basis)
    assert again == chinese
    # The first time, the full title of RULES §1 (dialogs/instruments.toml): 《互联网信息服务深度合成管理规定》.
    assert first.startswith(instruments()[basis.split(" ")[0]].full("zh"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_summary_says_what_each_short_name_it_uses_stands_for(bank, lang):
    from assistant.files.summary import as_data, as_text

    a = assessed(bank, scope__public_interaction=True, users__minors=True)
    for markdown in (False, True):
        text = as_text(bank, a, lang, markdown=markdown)
        legend = text[text.index("Short names used here" if lang == "en" else "本摘要所用简称") :]
        if lang == "en":
            # The full title first, then the short name it is cited by (RULES §1).
            for short in ("DSP", "AP", "GAI", "LBL", "SAP", "MOP", "CSL", "CACN", "GUIDE"):
                assert f", cited as {short}\n" in legend + "\n"
            assert legend.count("cited as DSP") == 1
        else:
            assert "《互联网信息服务深度合成管理规定》，2023年1月10日施行，简称《深度合成管理规定》" in legend
            assert "DSP Art." not in text  # cited in Chinese
            assert "《网络安全法》第二十三条第（三）项" in text or "《中华人民共和国网络安全法》第二十三条第（三）项" in text
    data = as_data(bank, a, lang)
    assert set(data["short_names"]) >= {"DSP", "AP", "GAI", "CSL"}
    assert data["obligations"][0]["basis"][0].startswith(("DSP", "AP", "GAI"))  # ids stay as they are


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_record_says_its_short_names_and_a_chinese_record_cites_in_chinese(bank, lang):
    from assistant.files.record import build_record

    answers = checked_answers(bank, {**CHATBOT, "scope.public_interaction": True})
    record = build_record(bank, answers, lang=lang)
    assert "DSP" in record["short_names"] and "CSL" in record["short_names"]
    logs = next(o for o in record["obligations"] if o["id"] == "logs.retention")
    assert logs["basis"] == ["AP Art. 28(2)", "CSL Art. 23(3)"]
    if lang == "zh":
        assert "互联网信息服务深度合成管理规定" in record["short_names"]["DSP"]
        assert logs["cited"][-1].endswith("第二十三条第（三）项")
    else:
        assert "cited" not in logs


# --- users.real_identity from the products' real-name answers (RULES §7, §9) ----------------

PRODUCT = {"name": "App", "form": "app", "address": "https://x.example", "status": "online", "serves": "individuals",
           "users": "under_10k", "functions": [{"name": "Chat", "access_path": "Home > Chat", "description": "Chat",
                                                "uses_generation": True}]}


@pytest.mark.parametrize(
    "real_names, status",
    [
        ([True, True], "met"),
        ([True, False], "gap"),
        ([True, None], "open"),  # one product not answered yet
        ([], "open"),  # no products yet
    ],
)
def test_real_identity_status_follows_every_products_real_name_answer(bank, real_names, status):
    products = [{**PRODUCT, "name": f"App {n}"} | ({"real_name": r} if r is not None else {}) for n, r in enumerate(real_names)]
    a = assessed(bank, products=products or None)
    assert obligation(a, "users.real_identity").status == status


def test_products_ask_status_audience_real_name_and_each_functions_access_path_in_both_languages(bank):
    products = bank.question("products")
    fields = {f.id: f for f in products.fields}
    assert {"status", "serves", "real_name"} <= set(fields)
    assert [o.id for o in fields["status"].options] == ["online", "not_yet"]
    functions = {f.id: f for f in fields["functions"].fields}
    assert "access_path" in functions
    for field in (fields["status"], fields["serves"], fields["real_name"], functions["access_path"]):
        assert field.en and field.zh and field.help.en and field.help.zh


REACHING = [
    {},
    {"scope.public_interaction": True, "service.content_kinds": ["face", "code"], "role.supplies_technology": True},
    {"scope.public_interaction": None, "service.recommends_content": True, "users.minors": True,
     "subject.group_member": True, "subject.controls_algorithm": False},
    {"subject.same_as_icp_entity": False, "algorithm.model.training_personal_info": True},
    {"service.recommends_content": True, "scope.public_interaction": True, "service.recommendation_kinds": ["personalized_push", "dispatch_decision"], "service.sells_to_consumers": True},
    {"service.recommends_content": True, "service.generates_content": False, "scope.public_interaction": False,
     "service.content_kinds": None, "role.serves_end_users": None, "role.supplies_technology": None, "role.buys_technology": None},
    {"scope.audience": "internal", **{q: None for q in CHATBOT if q != "scope.audience"}},
    {"scope.audience": "overseas_only", **{q: None for q in CHATBOT if q != "scope.audience"}},
    {"scope.audience": "business_customers", "role.buys_technology": True, "role.supplier_filed": True, "service.anthropomorphic": True},
    {"role.buys_technology": True, "role.supplier_filed": False},
    {"role.buys_technology": True, "role.supplier_filed": True, "role.model_modified": False},
    {"role.buys_technology": True, "role.supplier_filed": True, "role.model_modified": True},
    {"role.buys_technology": True, "role.supplier_filed": True, "role.model_modified": "unknown",
     "service.content_kinds": ["video"], "service.digital_human": True},
    {"role.buys_technology": None},
    {"role.serves_end_users": False, "role.supplies_technology": False},
    {"service.generates_content": False, "service.recommends_content": False, "service.content_kinds": None,
     "role.serves_end_users": None, "role.supplies_technology": None, "role.buys_technology": None},
    {"algorithm.launch_date": dt.date(2031, 12, 24)},
]
"""Answers that between them reach every obligation and every reading the rules give."""


def test_every_obligation_and_reading_of_the_data_is_reachable(bank):
    """A condition no answers can meet is a rule that never speaks: each is reached by some answers."""
    import inspect
    import re

    from assistant.law import rules

    reached, readings = set(), set()
    for changes in REACHING:
        a = assessed(bank, **{k.replace(".", "__"): v for k, v in changes.items()})
        reached |= ids(a)
        readings |= set(a.notes) | set(a.scope) | {r for reasons in a.filings.values() for r in reasons}
        readings |= {a.genai_path} if a.genai_path else set()
    assert set(bank.obligations) - reached == set()
    named = set(re.findall(r'"((?:role|filing|genai|scope|unsettled|deadline|draft)\.[a-z_.]+)"', inspect.getsource(rules)))
    assert {n for n in named if n in bank.readings} - readings == set()


@pytest.mark.parametrize("answers", ["answers/valid/complete-chatbot.toml", "examples/e02-news-feed-summaries.answers.toml"])
def test_a_chinese_summary_and_its_drafts_name_each_instrument_in_full_before_its_short_title(bank, answers):
    """RULES §1: in a Chinese output a short title never stands before its full one, the roles section and
    the sentences of the law included (it cited 《算法推荐规定》第二条 and 《暂行办法》第二条 first, and
    《算法推荐规定》 is no short title RULES gives)."""
    import re

    from assistant.files.answers import load_answers
    from assistant.files.drafts import drafts_for
    from assistant.files.summary import as_text
    from assistant.law.instruments import instruments
    from conftest import DATA

    given = load_answers(bank, DATA / answers)
    a = assess(bank, given, TODAY)
    outputs = [as_text(bank, a, "zh"), as_text(bank, a, "zh", markdown=True)]
    outputs += [d.text() for d in drafts_for(bank, given, "zh", assessment=a)]
    for text in outputs:
        body = re.split(r"本摘要所用简称|本文件所用简称", text)[0]  # the list of short names says both on purpose
        assert "《算法推荐规定》" not in body
        for ins in instruments().values():
            full, brief = ins.full("zh"), ins.brief("zh")
            if full == brief or brief not in body:
                continue
            assert full in body and body.index(full) <= body.index(brief), f"{brief} before {full}"
