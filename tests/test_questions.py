"""The question bank and the law's wording are data a lawyer reviews; these tests keep data and code in step."""

from __future__ import annotations

import inspect

import pytest

from assistant.law import rules
from assistant.law.questions import UNSURE_WRITTEN, word_count

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
        groups = [question.ask_when, *question.ask_when_any]
        for group in groups:
            for qid, expected in group.items():
                assert qid in seen, f"{question.id} depends on {qid}, which is not asked before it"
                target = seen[qid]
                for value in expected if isinstance(expected, list) else [expected]:
                    if value == UNSURE_WRITTEN:
                        assert target.unsure, f"{question.id}: {qid} does not allow not sure"
                    elif target.kind == "yes_no":
                        assert isinstance(value, bool), f"{question.id}: {qid} = {value!r}"
                    else:
                        assert value in target.option_ids, f"{question.id}: {qid} has no option {value!r}"
        seen[question.id] = question


def test_every_rule_has_its_wording_and_basis_in_data(bank):
    for rule in rules.RULES:
        assert rule.id in bank.obligations, rule.id
        assert bank.obligations[rule.id].basis


def test_every_obligation_in_data_is_produced_by_a_rule(bank):
    assert set(bank.obligations) == {rule.id for rule in rules.RULES}


def test_every_rule_names_its_article_in_its_docstring():
    for rule in rules.RULES:
        doc = inspect.getdoc(rule.owes) or ""
        assert any(word in doc for word in ("Art.", "RULES", "GUIDE")), rule.id


def test_every_reading_the_rules_can_give_exists(bank):
    source = inspect.getsource(rules)
    import re

    named = set(re.findall(r'"((?:role|filing|genai|scope|unsettled|deadline|draft)\.[a-z_]+)"', source))
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
