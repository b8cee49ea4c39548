"""The question bank and the law's wording are data a lawyer reviews; these tests keep data and code in step."""

from __future__ import annotations

import inspect

import pytest

from assistant.law import rules
from assistant.law.questions import SEVERAL, UNANSWERED, UNSURE_WRITTEN, word_count

CONTRACT_IDS = {
    "scope.audience": ("choice", {"public", "business_customers", "internal", "overseas_only"}),
    "scope.public_interaction": ("yes_no", None),
    "service.generates_content": ("yes_no", None),
    "service.content_kinds": (
        "multi",
        {"text", "dialogue", "image", "voice", "music", "video", "face", "virtual_scene", "code", "other"},
    ),
    "service.recommends_content": ("yes_no", None),
    "service.recommendation_kinds": (
        "multi",
        {"personalized_push", "ranking_selection", "search_filtering", "dispatch_decision"},
    ),
    "role.serves_end_users": ("yes_no", None),
    "role.supplies_technology": ("yes_no", None),
    "role.buys_technology": ("yes_no", None),
    "role.supplier_filed": ("yes_no", None),
    "subject.group_member": ("yes_no", None),
    "subject.controls_algorithm": ("yes_no", None),
    "subject.same_as_icp_entity": ("yes_no", None),
    "users.minors": ("yes_no", None),
    "service.anthropomorphic": ("yes_no", None),
    "service.digital_human": ("yes_no", None),
    "role.model_modified": ("yes_no", None),
    "role.supplier_model_name": ("text", None),
    "role.supplier_filing_number": ("text", None),
}

FORM_IDS = """algorithm.type algorithm.name algorithm.launch_date algorithm.application_area
algorithm.self_assessment_report algorithm.public_disclosure algorithm.introduction
algorithm.usage_scenario algorithm.data.input_modality algorithm.data.input_biometric
algorithm.data.input_identity algorithm.data.output_modality algorithm.data.output_format
algorithm.data.output_file_size algorithm.data.batch_output algorithm.model.training_overseas_data
algorithm.model.training_data_generation algorithm.model.training_personal_info
algorithm.model.generative_type algorithm.model.hardware_requirements algorithm.model.performance
algorithm.model.calculation_method algorithm.strategy.preprocess_training
algorithm.strategy.preprocess_input algorithm.strategy.postprocess_output
algorithm.risk.implicit_label algorithm.risk.conspicuous_label algorithm.risk.remind_users_to_label
algorithm.risk.user_data_security algorithm.risk.refutation_mechanism
algorithm.risk.harmful_content_mechanism algorithm.risk.prevention_explanation
subject.name subject.credit_code subject.province products""".split()


@pytest.mark.parametrize("qid", sorted(CONTRACT_IDS))
def test_contract_question_keeps_its_fixed_id_kind_and_options(bank, qid):
    kind, options = CONTRACT_IDS[qid]
    question = bank.question(qid)
    assert question.kind == kind
    if options is not None:
        assert set(question.option_ids) == options


def test_every_form_field_of_the_seed_is_a_question(bank):
    assert set(FORM_IDS) <= set(bank.by_id)


def test_the_questions_of_contract_section_3_are_asked_when_it_says(bank):
    for qid in ("role.model_modified", "role.supplier_model_name", "role.supplier_filing_number"):
        assert bank.question(qid).ask_when["role.supplier_filed"] is True, qid
    assert bank.question("role.model_modified").unsure
    assert set(bank.question("service.digital_human").ask_when["service.content_kinds"]) == {"face", "video", "virtual_scene"}


def test_supplier_filed_and_minors_allow_not_sure(bank):
    assert bank.question("role.supplier_filed").unsure
    assert bank.question("users.minors").unsure


def test_the_two_long_texts_are_limited_to_200_words(bank):
    assert bank.question("algorithm.introduction").max_words == 200
    assert bank.question("algorithm.risk.prevention_explanation").max_words == 200


def test_question_ids_are_unique(bank):
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))


def _all_fields(bank):
    for question in bank.questions:
        yield question
        stack = list(question.fields)
        while stack:
            field = stack.pop()
            yield field
            stack.extend(field.fields)


def test_every_question_option_and_field_speaks_both_languages(bank):
    for field in _all_fields(bank):
        assert field.en.strip() and field.zh.strip(), field.id
        assert field.help.en.strip() and field.help.zh.strip(), field.id
        assert any("\u4e00" <= c <= "\u9fff" for c in field.zh), f"{field.id}: zh wording has no Chinese"
        for option in field.options:
            assert option.en.strip() and option.zh.strip(), f"{field.id}:{option.id}"


def test_every_condition_names_an_earlier_question_and_a_real_option(bank):
    seen: dict[str, object] = {}
    for question in bank.questions:
        # A question's own options may be offered on conditions too (algorithm.type).
        groups = [question.ask_when, *question.ask_when_any, *(o.when for o in question.options)]
        for group in groups:
            for qid, expected in group.items():
                assert qid in seen, f"{question.id} depends on {qid}, which is not asked before it"
                target = seen[qid]
                for value in expected if isinstance(expected, list) else [expected]:
                    if value == UNANSWERED:
                        continue
                    if value == SEVERAL:
                        assert target.kind == "multi", f"{question.id}: {qid} = several needs a multi-choice"
                    elif value == UNSURE_WRITTEN:
                        assert target.unsure, f"{question.id}: {qid} does not allow not sure"
                    elif target.kind == "yes_no":
                        assert isinstance(value, bool), f"{question.id}: {qid} = {value!r}"
                    else:
                        assert value in target.option_ids, f"{question.id}: {qid} has no option {value!r}"
        seen[question.id] = question


def _conditions(bank):
    """Every condition of the law's data: (where, condition)."""
    for oid, obligation in bank.obligations.items():
        for condition in obligation.when:
            yield f"obligation {oid}", condition
    for name, fact in bank.facts.items():
        for condition in fact.when:
            yield f"fact {name}", condition


def test_every_fact_a_condition_names_is_defined(bank):
    for where, condition in _conditions(bank):
        for key in condition:
            if key.startswith("@"):
                assert key[1:] in bank.facts or key[1:] in rules.PREDICATES, f"{where}: no fact {key}"


def test_every_question_and_option_a_condition_names_exists_in_the_bank(bank):
    for where, condition in _conditions(bank):
        for key, wanted in condition.items():
            if key.startswith("@"):
                assert isinstance(wanted, bool), f"{where}: {key} = {wanted!r}"
                continue
            assert key in bank.by_id, f"{where}: no question {key}"
            question = bank.by_id[key]
            for value in wanted if isinstance(wanted, list) else [wanted]:
                if value in (rules.OPEN, rules.NOT_NO):
                    continue
                if question.kind == "yes_no":
                    assert isinstance(value, bool), f"{where}: {key} = {value!r}"
                else:
                    assert value in question.option_ids, f"{where}: {key} has no option {value!r}"


def test_every_status_source_names_a_question_and_options_that_exist(bank):
    for oid, obligation in bank.obligations.items():
        source = obligation.status
        if source is None:
            continue
        question = bank.by_id[source.question]
        if source.rule == "yes_no":
            assert question.kind == "yes_no", oid
        if source.rule in ("mechanism", "document"):
            assert question.kind == "choice", oid
        if source.rule == "mechanism":
            assert "none" in question.option_ids, oid
        for option in source.options:
            assert option in question.option_ids, f"{oid}: {source.question} has no option {option}"
        if source.rule == "every_item":
            assert question.kind == "records" and question.field(source.field), oid


def test_every_obligation_has_a_basis_a_trigger_and_both_languages(bank):
    for oid, obligation in bank.obligations.items():
        assert obligation.basis and obligation.when, oid
        assert obligation.en and obligation.zh and obligation.why.en and obligation.why.zh, oid


def test_every_reading_the_rules_can_give_exists(bank):
    source = inspect.getsource(rules)
    import re

    named = set(re.findall(r'"((?:role|filing|genai|scope|unsettled|deadline|draft)\.[a-z_.]+)"', source))
    missing = {n for n in named if n not in bank.by_id and n not in bank.obligations and n not in bank.readings}
    assert not missing


@pytest.mark.parametrize(
    "text, words",
    [
        ("", 0),
        ("The algorithm answers questions.", 4),
        ("算法", 2),
        ("这是 GPT-4 模型", 5),
        ("你好，世界", 5),
    ],
)
def test_words_are_counted_as_the_form_counts_them(text, words):
    assert word_count(text) == words


# --- Checks kept in the bank as data (issue 9) ---------------------------------------------------

from assistant.law.questions import AnswerProblem, checked, parse_line  # noqa: E402


def test_an_option_typo_gets_a_suggestion(bank):
    with pytest.raises(AnswerProblem) as caught:
        checked(bank.question("scope.audience"), "publc")
    assert "unknown option 'publc'; did you mean public?" in caught.value.en
    assert "是否想写 public" in caught.value.zh
    with pytest.raises(AnswerProblem, match="did you mean dialogue"):
        checked(bank.question("service.content_kinds"), ["text", "dialog"])
    with pytest.raises(AnswerProblem, match="did you mean public"):
        parse_line(bank.question("scope.audience"), "pubic")


def test_an_unknown_field_of_a_list_item_gets_a_suggestion(bank):
    with pytest.raises(AnswerProblem, match="unknown field 'adress'; did you mean address"):
        checked(bank.question("products"), [{"adress": "x"}])


PHONES = ["subject.security_officer.phone"]
MOBILES = ["subject.contact.phone"]
"""The contact's "mobile phone" takes a mobile only (issue #19: it took a landline)."""
EMAILS = ["subject.security_officer.email", "subject.contact.email"]


def test_phone_numbers_and_emails_are_checked_as_data_in_the_bank(bank):
    for qid in PHONES:
        assert bank.question(qid).check == "phone", qid
    for qid in MOBILES:
        assert bank.question(qid).check == "mobile", qid
    for qid in EMAILS:
        assert bank.question(qid).check == "email", qid
    assert bank.question("subject.security_department_size").integer


@pytest.mark.parametrize(
    "number",
    [
        "13800000000",
        "138 0000 0000",
        "138-0000-0000",
        "+86 138 0000 0000",
        "+86-138-0000-0000",
        "0086 13800000000",
        "+8613800000000",
        "0571-8888 0000",
        "0571 88880000",
        "(0571) 8888-0000",
        "010-8888 0000",
        "+86 10 8888 0000",
        "+86 571 8888 0000",
        "+86 (0)571 8888 0000",
        "021-6888-0000 转 123",
        "0571-8888 0000 ext. 12",
        "０５７１-８８８８００００",
    ],
)
def test_a_mainland_mobile_or_a_landline_with_its_area_code_is_a_phone_number(bank, number):
    for qid in PHONES:
        assert checked(bank.question(qid), number) == number.strip()


@pytest.mark.parametrize(
    "number",
    ["12345", "call me", "1380000000", "138000000000", "12800000000", "8888 0000", "88880000", "+1 415 555 0100", "+86", "13800000000x", "138 0000 0000; drop"],
)
def test_what_is_not_a_phone_number_is_refused_saying_what_is_expected(bank, number):
    with pytest.raises(AnswerProblem) as caught:
        checked(bank.question("subject.security_officer.phone"), number)
    assert "is not a phone number" in caught.value.en and "area code" in caught.value.en
    assert "不是有效的电话号码" in caught.value.zh


@pytest.mark.parametrize("number", ["13800000000", "138 0000 0000", "+86-138-0000-0000", "0086 13800000000", "１３８００００００００"])
def test_the_contacts_mobile_phone_takes_a_mainland_mobile(bank, number):
    for qid in MOBILES:
        assert checked(bank.question(qid), number) == number.strip()


@pytest.mark.parametrize("number", ["0571-8888 0000", "+86 571 8888 0000", "010-8888 0000", "12800000000", "1380000000", "call me"])
def test_the_contacts_mobile_phone_refuses_a_landline_saying_a_mobile_is_asked(bank, number):
    with pytest.raises(AnswerProblem) as caught:
        checked(bank.question("subject.contact.phone"), number)
    assert "is not a mainland mobile number" in caught.value.en and "11 digits" in caught.value.en
    assert "不是中国大陆手机号码" in caught.value.zh


@pytest.mark.parametrize(
    "address", ["security@xiaozhi.example", "filing@xiaozhi.example", "li.na+filing@mail.example.com.cn", "zhang_min@例子.中国", "a@b.co"]
)
def test_an_email_address_is_accepted(bank, address):
    for qid in EMAILS:
        assert checked(bank.question(qid), address) == address


@pytest.mark.parametrize("address", ["security", "a@b", "a @b.com", "a@@b.com", "a@b..com", "@b.com", "a@.com", "a@b.c", "mailto:a@b", "a@b.com, c@d.com"])
def test_what_is_not_an_email_address_is_refused(bank, address):
    with pytest.raises(AnswerProblem) as caught:
        checked(bank.question("subject.contact.email"), address)
    assert "is not an e-mail address" in caught.value.en
    assert "不是有效的电子邮箱地址" in caught.value.zh


def test_a_count_of_staff_is_a_whole_number(bank):
    size = bank.question("subject.security_department_size")
    with pytest.raises(AnswerProblem, match="a whole number"):
        checked(size, 2.5)
    with pytest.raises(AnswerProblem, match="a whole number"):
        parse_line(size, "2.5")
    assert checked(size, 6) == 6
    assert checked(size, 6.0) == 6 and isinstance(checked(size, 6.0), int)
    assert parse_line(size, "6") == 6


# --- "Other (describe)": every other option is followed by its description (RULES.md §9) ----------


def _questions_with_other(bank):
    return [q for q in bank.questions if "other" in q.option_ids]


def test_there_are_questions_with_an_other_option(bank):
    assert len(_questions_with_other(bank)) >= 14


@pytest.mark.parametrize("kind", ["choice", "multi"])
def test_every_other_option_is_followed_by_its_description(bank, kind):
    for question in _questions_with_other(bank):
        if question.kind != kind:
            continue
        follow = bank.by_id.get(f"{question.id}_other")
        assert follow is not None, f"{question.id} has an 'other' option but no {question.id}_other"
        assert follow.kind == "text", follow.id
        position = bank.questions.index(question)
        assert bank.questions[position + 1] is follow, f"{follow.id} must come right after {question.id}"
        own = {k: v for k, v in follow.ask_when.items() if k not in question.ask_when}
        assert own == {question.id: "other"}, follow.id
        assert follow.ask_when_any == question.ask_when_any, follow.id
        assert follow.section == question.section
        assert follow.en.strip() and follow.zh.strip() and follow.help.en.strip() and follow.help.zh.strip()
        label = question.option("other")
        assert "describe" in label.en.lower() and "请说明" in label.zh, question.id


def test_an_other_without_its_description_leaves_the_interview_incomplete(bank):
    from assistant.files.answers import load_answers
    from assistant.law.rules import assess
    from conftest import COMPLETE

    answers = load_answers(bank, COMPLETE)
    assert not assess(bank, answers).todo
    answers["algorithm.data.input_modality"] = ["text", "other"]
    answers["algorithm.model.calculation_method"] = "other"
    todo = assess(bank, answers).todo
    assert "algorithm.data.input_modality_other" in todo
    assert "algorithm.model.calculation_method_other" in todo


def test_a_field_of_a_list_item_is_conditioned_only_on_earlier_fields_of_the_same_item(bank):
    def walk(field):
        seen = {}
        for sub in field.fields:
            for fid, expected in sub.ask_when.items():
                assert fid in seen, f"{field.id}.{sub.id} depends on {fid}, not an earlier field of the item"
                for value in expected if isinstance(expected, list) else [expected]:
                    assert value in seen[fid].option_ids or isinstance(value, bool), f"{sub.id}: {fid} has no option {value!r}"
            seen[sub.id] = sub
            walk(sub)

    for question in bank.questions:
        walk(question)


def test_a_product_of_another_form_is_asked_to_describe_it_and_only_then(bank):
    from assistant.dialog.interview import Interview
    from assistant.law.questions import record_missing

    product = bank.question("products")
    assert product.field("form_other").ask_when == {"form": "other"}
    iv = Interview(bank, {"scope.audience": "public", "service.generates_content": True, "role.serves_end_users": True})
    assert iv.change("products").ask.key == "products/0/name"
    iv.answer("Glasses app")
    assert iv.answer("other").ask.key == "products/0/form_other"
    assert iv.answer("smart glasses").ask.key == "products/0/address"
    assert "form_other (item 1)" not in record_missing(product, [{"name": "a", "form": "app"}])
    assert "form_other (item 1)" in record_missing(product, [{"name": "a", "form": "other"}])
