"""`filing-assistant form`: the filing form as the system asks it, Step 1, 2, 3, in the form's words, gaps marked."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from assistant.files.answers import load_answers
from assistant.files.form import filled_form, render
from assistant.law.questions import word_count
from assistant.law.rules import assess
from assistant.shells.cli import main
from conftest import COMPLETE, DATA, TODAY, golden, run_in_process

UNFINISHED = DATA / "examples" / "e02-news-feed-summaries.answers.toml"

# Every label of ../shared/design/FORM.md: the form must show each (Chinese by default).
FORM_MD_LABELS = [
    # Step 1
    "备案主体信息", "主体基本信息", "主体名称", "主体类型", "所在省份", "住所/通信地址", "证件信息",
    "统一社会信用代码", "法定代表人信息", "算法安全责任人信息", "联系人", "算法安全机构", "算法安全管理制度", "《算法备案承诺书》", "《落实算法安全主体责任基本情况》", "加盖公章",
    # Step 2
    "算法信息", "算法基础属性", "算法类型", "算法名称", "上线时间", "应用领域", "《算法安全自评估报告》",
    "《拟公示内容》", "算法详细属性", "算法简介", "使用场景", "算法数据", "输入数据模态", "输入特征是否包含生物特征",
    "输入特征是否包含身份信息", "输出数据模态", "输出文件格式", "输出文件大小", "是否支持批量输出", "算法模型",
    "训练数据是否包含境外数据", "训练数据生成方式", "训练数据是否涉及个人信息", "生成合成算法类型", "算法硬件需求",
    "算法性能", "算法计算方式", "算法策略", "是否对训练数据进行预处理", "模型策略", "是否对用户输入数据进行预处理",
    "输入策略", "是否对输出结果进行后处理", "算法风险与防范机制", "是否对生成合成内容添加隐式标识",
    "是否对生成合成内容添加显式标识", "是否具备提示用户对生成合成内容进行显式标识的能力", "用户数据安全保障机制",
    "生成合成虚假信息辟谣机制", "生成合成有害信息发现处置机制", "风险防范机制说明",
    # Step 3 and the last part
    "产品及功能信息", "技术支持方案", "产品名称", "服务形式", "访问地址", "状态", "服务对象", "使用是否需要实名认证",
    "功能访问路径", "功能名称", "功能描述", "关联产品及功能",
]
# The seed's English labels (section 3 of the guide), which `--lang en` shows.
SEED_LABELS = [
    "Algorithm Type", "Algorithm Name", "Launch Time", "Application Area", "Self-Assessment Report of Algorithm Security",
    "Text to be Publicized", "Algorithm Introduction", "Usage Scenario", "Algorithm data", "Input Data Modality",
    "Does the input character feature include biometric features?", "Does the input character feature contain identity information?",
    "Output Data Modality", "Output File Format", "Output File Size", "Does the algorithm support batch output?",
    "Algorithm model", "Does the training data include overseas data?", "How to generate training data?",
    "Does the training data involve personal information?", "Generative Synthesis Algorithm Type",
    "Algorithm Hardware Requirements", "Algorithm Performance", "Algorithm Calculation Method", "Algorithm strategy",
    "Do you preprocess the training data? (model strategy)", "Do you preprocess user input data? (input strategy)",
    "Do you post-process the output results?", "Risk of algorithm and prevention mechanism",
    "Security Guarantee Mechanism for User Data", "Refutation Mechanism for Generative Synthesized Fake Information",
    "Discovery and Disposal Mechanism for Generative Synthesized Harmful Content", "Explanation of Risk Prevention Mechanism",
]


def form(capsys, *args: str) -> tuple[int, str, str]:
    """`filing-assistant form ...` as a user runs it: exit status, standard output, standard error."""
    return run_in_process(capsys, "form", *args)


def answers_file(tmp_path: Path, change: dict, name: str = "answers.toml") -> Path:
    """The complete chatbot's answers file with some answers changed (dotted ids; None removes one)."""
    data = tomllib.loads(COMPLETE.read_text(encoding="utf-8"))
    for qid, value in change.items():
        *tables, leaf = qid.split(".")
        node = data
        for table in tables:
            node = node.setdefault(table, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    path = tmp_path / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


PROVIDER_AND_SUPPORTER = {
    "role.supplies_technology": True,
    "technical_support.plan_name": "小智对话API",
    "technical_support.delivery": ["api", "private_deployment"],
    "technical_support.customers": "在线教育企业，用于作业辅导应用",
    "technical_support.description": "通过API向企业客户提供对话生成能力。",
    "technical_support.security_measures": "输出内容添加隐式标识，提供内容过滤接口。",
}


@pytest.mark.parametrize(
    "source, args, name",
    [
        (COMPLETE, [], "complete-chatbot.form.zh.txt"),
        (COMPLETE, ["--lang", "en", "--format", "md"], "complete-chatbot.form.en.md"),
        (UNFINISHED, [], "news-feed.form.zh.txt"),
    ],
)
def test_form_matches_its_golden_file(capsys, source, args, name):
    code, out, err = form(capsys, "--answers", str(source), *args)
    assert code == 0, err
    golden(name, out)


def test_every_field_of_the_form_guide_appears_in_the_form(capsys, tmp_path):
    code, out, _ = form(capsys, "--answers", str(answers_file(tmp_path, PROVIDER_AND_SUPPORTER)))
    assert code == 0
    missing = [label for label in FORM_MD_LABELS if label not in out]
    assert not missing, missing
    # The fields FORM.md gives in English (the officer's name, position, mobile, e-mail; the ID; the plan's parts).
    for label in ("姓名", "职务", "手机号码", "电子邮箱", "法定代表人证件号码", "技术提供方式", "为使用方提供的安全保障措施"):
        assert label in out, label
    # Step 1, 2, 3 and the products to tick come in the system's order.
    steps = [out.index(s) for s in ("第一步", "第二步", "第三步", "关联产品及功能\n")]
    assert steps == sorted(steps)


def test_the_labels_the_test_checks_are_those_of_the_form_guide():
    """FORM_MD_LABELS is copied from ../shared/design/FORM.md: where the guide is beside the checkout, they agree."""
    guide = next((p / "shared" / "design" / "FORM.md" for p in Path(__file__).resolve().parents if (p / "shared" / "design" / "FORM.md").exists()), None)
    if guide is None:
        pytest.skip("../shared/design/FORM.md is not beside this checkout")
    text = guide.read_text(encoding="utf-8")
    assert [label for label in FORM_MD_LABELS if label not in text] == []


def test_english_labels_are_the_seeds(capsys):
    code, out, _ = form(capsys, "--answers", str(COMPLETE), "--lang", "en")
    assert code == 0
    assert [label for label in SEED_LABELS if label not in out] == []
    assert "Step 1" in out and "[to complete]" not in out


def test_answers_are_in_the_forms_words(capsys):
    code, out, _ = form(capsys, "--answers", str(COMPLETE))
    assert code == 0
    lines = out.splitlines()

    def value(label: str) -> str:
        return next(line for line in lines if line.strip().startswith(label + "：")).split("：", 1)[1]

    assert value("算法类型") == "生成合成类"  # the system's name for the type, not the option id
    assert value("所在省份") == "浙江省"
    assert value("输入特征是否包含生物特征") == "否"
    assert value("是否对生成合成内容添加隐式标识") == "是"
    assert value("输出文件格式") == "纯文本（TXT）、Markdown（MD）"  # a list joined with 、
    assert "generation_synthesis" not in out and "zhejiang" not in out


def test_english_lists_are_joined_with_commas(capsys):
    _, out, _ = form(capsys, "--answers", str(COMPLETE), "--lang", "en")
    assert "Output File Format: Plain text (TXT), Markdown (MD)" in out
    assert "Province: Zhejiang" in out
    assert "Does the algorithm support batch output?: No" in out


def test_200_word_fields_show_their_word_count(bank, capsys):
    answers = load_answers(bank, COMPLETE)
    _, out, _ = form(capsys, "--answers", str(COMPLETE))
    for qid in ("algorithm.introduction", "algorithm.risk.prevention_explanation"):
        assert f"共 {word_count(answers[qid])} 字，上限 200 字" in out


def test_uploads_say_which_document_goes_there(capsys):
    _, out, _ = form(capsys, "--answers", str(COMPLETE))
    lines = out.splitlines()
    for label, draft in (
        ("《落实算法安全主体责任基本情况》", "subject_responsibility_table.docx"),
        ("《算法安全自评估报告》", "self_assessment_report.docx"),
        ("《拟公示内容》", "public_disclosure.docx"),
    ):
        at = next(n for n, line in enumerate(lines) if line.strip().startswith(label + "："))
        assert any(draft in line for line in lines[at : at + 5]), label
    assert "准备进度：已完成" in out  # algorithm.self_assessment_report = ready


def test_the_products_and_functions_to_tick_are_listed_last(capsys, tmp_path):
    _, out, _ = form(capsys, "--answers", str(answers_file(tmp_path, PROVIDER_AND_SUPPORTER)))
    last = out[out.index("关联产品及功能\n") :]
    assert "☐ 小智 App：AI chat、Group assistant" in last
    assert "☐ 技术支持方案：小智对话API" in last
    assert "技术提供方式：API接口（客户调用我方服务器）、在客户自有系统上私有化部署" in out


def test_every_gap_of_an_unfinished_interview_is_marked(bank, capsys):
    answers = load_answers(bank, UNFINISHED)
    code, out, _ = form(capsys, "--answers", str(UNFINISHED))
    assert code == 0
    todo = assess(bank, answers, TODAY).todo
    assert todo
    marked = [line for line in out.splitlines() if "【待补充】" in line]
    for qid in todo:
        assert any(qid in line for line in marked), qid
    # "not sure" is a gap too, and says so.
    assert "users.minors" in out
    assert "尚待补充：" in out


def test_an_other_option_shows_its_description_or_asks_for_it(capsys, tmp_path):
    described = answers_file(tmp_path, {"algorithm.application_area": "other", "algorithm.application_area_other": "智慧农业"})
    _, out, _ = form(capsys, "--answers", str(described))
    assert "应用领域：其他：智慧农业" in out
    undescribed = answers_file(tmp_path, {"algorithm.application_area": "other"}, "bare.toml")
    _, out, _ = form(capsys, "--answers", str(undescribed))
    assert "【待补充】（algorithm.application_area_other）" in out


def test_a_record_gives_the_same_form_as_its_answers(capsys, tmp_path):
    _, from_answers, _ = form(capsys, "--answers", str(COMPLETE))
    record = tmp_path / "record.toml"
    assert main(["run", "--answers", str(COMPLETE), "--out", str(record)]) == 0
    capsys.readouterr()
    code, from_record, err = form(capsys, str(record))
    assert code == 0, err
    # The same form; the record's generated_at is the moment the answers are as of, here the same day.
    assert from_record == from_answers


def test_a_saved_interview_gives_the_form_in_chinese_unless_lang_says_otherwise(capsys, home):
    from assistant.dialog.session import Session
    from assistant.law.questions import load_bank
    from assistant.saved.store import Store

    Session(Store(home), "chatbot", lang="en", create=True, seed=load_answers(load_bank(), COMPLETE)).close()
    code, saved, _ = form(capsys, "chatbot")
    assert code == 0 and "第一步" in saved  # an English interview: the form is still in the system's language
    code, english, _ = form(capsys, "chatbot", "--lang", "en")
    assert "Step 1" in english


def test_markdown_has_a_heading_per_step_and_group(capsys):
    _, out, _ = form(capsys, "--answers", str(COMPLETE), "--format", "md")
    assert out.startswith("# 算法备案表单")
    assert "## 第一步　备案主体信息" in out
    assert "### 算法风险与防范机制" in out
    assert "- **算法类型**：生成合成类" in out


@pytest.mark.parametrize(
    "args, words",
    [
        ([], "--answers"),
        (["no-such-interview"], "no saved interview"),
        (["x", "--answers", str(COMPLETE)], "not both"),
        (["--answers", str(DATA / "answers" / "invalid" / "unknown-option.toml")], "unknown-option.toml"),
    ],
)
def test_bad_input_is_one_line_per_problem_and_exit_2(capsys, args, words):
    code, out, err = form(capsys, *args)
    assert code == 2
    assert out == ""
    assert words in err
    assert "Traceback" not in err


def test_control_characters_in_answers_never_reach_the_terminal(capsys, tmp_path):
    path = answers_file(tmp_path, {"subject.name": "Acme\x1b[2J Ltd"})
    code, out, _ = form(capsys, "--answers", str(path))
    assert code == 0
    assert "\x1b" not in out
    assert "Acme\\x1b[2J Ltd" in out


def test_the_module_fills_the_form_without_the_command_line(bank):
    answers = load_answers(bank, COMPLETE)
    filled = filled_form(bank, answers, "en", assessment=assess(bank, answers, TODAY))
    assert filled.missing == 0
    assert [s.title.split(":")[0] for s in filled.steps[:3]] == ["Step 1", "Step 2", "Step 3"]
    text = render(filled, "text")
    assert "Algorithm Name: 小智对话生成算法" in text


RECOMMENDATION_ONLY = {
    # The chatbot's company with a personalised news feed instead: recommends, generates nothing.
    "service.generates_content": False,
    "service.content_kinds": None,
    "service.anthropomorphic": None,
    "service.recommends_content": True,
    "service.recommendation_kinds": ["personalized_push"],
    "role.buys_technology": None,
    "algorithm.type": "personalized_push",
    **{f"algorithm.data.{k}": None for k in ("output_modality", "output_format", "output_file_size", "batch_output")},
    **{f"algorithm.model.{k}": None for k in (
        "training_overseas_data", "training_data_generation", "training_personal_info", "generative_type",
        "hardware_requirements", "performance", "calculation_method",
    )},
    **{f"algorithm.risk.{k}": None for k in ("implicit_label", "conspicuous_label", "remind_users_to_label", "refutation_mechanism", "harmful_content_mechanism")},
}


def test_a_provider_that_also_supports_gets_two_forms_each_with_its_own_step_3(capsys, tmp_path):
    path = answers_file(tmp_path, PROVIDER_AND_SUPPORTER)
    code, out, err = form(capsys, "--answers", str(path), "--format", "md")
    assert code == 0, err
    golden("provider-and-supporter.form.zh.md", out)
    provider, supporter = out.split("\n---\n")
    for one in (provider, supporter):
        assert one.count("## 第一步") == 1 and one.count("## 第二步") == 1 and one.count("## 第三步") == 1
    assert "深度合成服务提供者身份" in provider and "小智 App" in provider and "小智对话API" not in provider
    assert "深度合成服务技术支持者身份" in supporter and "小智对话API" in supporter and "产品名称" not in supporter


def test_filing_gives_one_form_and_a_filing_not_owed_is_bad_input(capsys, tmp_path):
    path = answers_file(tmp_path, PROVIDER_AND_SUPPORTER)
    code, out, _ = form(capsys, "--answers", str(path), "--filing", "deep_synthesis_technical_supporter")
    assert code == 0
    assert out.count("第一步") == 1 and "技术支持方案（技术支持者）" in out and "产品 1" not in out
    for role, words in (("algorithm_recommendation_provider", "not owed"), ("provider", "no such filing")):
        code, out, err = form(capsys, "--answers", str(path), "--filing", role)
        assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1


def test_a_recommendation_filing_speaks_no_generation(capsys, tmp_path):
    path = answers_file(tmp_path, RECOMMENDATION_ONLY)
    code, out, err = form(capsys, "--answers", str(path))
    assert code == 0, err
    assert "算法推荐服务提供者身份" in out
    for words in ("生成合成", "标识", "辟谣"):
        assert words not in out, words
