"""`filing-assistant draft`: first drafts of the three documents, every gap marked, nothing invented."""

from __future__ import annotations

import io
import re
import string

import docx
import pytest

from assistant.law.instruments import _mentions, instruments

from assistant.files.answers import load_answers
from assistant.files.check import reasons
from assistant.files.drafts import CHECKLIST, DOCUMENTS, drafts_for, markdown
from assistant.files.form import mark
from assistant.files.summary import Citer, short_names_used
from assistant.law.rules import assess
from assistant.law.wording import area
from assistant.saved.store import Store
from assistant.shells.cli import main
from assistant.shells.plain import run_plain
from conftest import COMPLETE, DATA, TODAY, golden, run_in_process

UNFINISHED = DATA / "examples" / "e02-news-feed-summaries.answers.toml"
IDS = [*DOCUMENTS, CHECKLIST]


def draft(capsys, *args: str) -> tuple[int, str, str]:
    """`filing-assistant draft ...` as a user runs it: exit status, standard output, standard error."""
    return run_in_process(capsys, "draft", *args)


@pytest.mark.parametrize(
    "source, lang, persona",
    [(COMPLETE, "zh", "complete-chatbot"), (COMPLETE, "en", "complete-chatbot"), (UNFINISHED, "zh", "news-feed")],
)
def test_markdown_drafts_match_their_golden_files(capsys, tmp_path, source, lang, persona):
    # The news feed does not say yet which of its two algorithms it files: its generation filing's drafts.
    one = ["--filing", "deep_synthesis_provider"] if persona == "news-feed" else []
    code, out, err = draft(capsys, "--answers", str(source), "--out", str(tmp_path), "--format", "md", "--lang", lang, *one)
    assert code == 0, err
    assert out == ""
    for doc in IDS:
        golden(f"{persona}.draft.{doc}.{lang}.md", (tmp_path / f"{doc}.md").read_text(encoding="utf-8"))


def test_the_docx_drafts_open_and_read_back(capsys, tmp_path):
    code, _, err = draft(capsys, "--answers", str(COMPLETE), "--out", str(tmp_path / "drafts"))
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert written == sorted(f"{doc}.docx" for doc in IDS)
    for doc in IDS:
        document = docx.Document(str(tmp_path / "drafts" / f"{doc}.docx"))
        # The public disclosure is text to publish: its notice stands in the page header, apart from the text.
        first = (document.sections[0].header if doc == "public_disclosure" else document).paragraphs[0].text
        assert first.startswith("初稿：") and "不构成法律意见" in first
        assert document.core_properties.author == "filing-assistant"
        headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
        assert len(headings) >= 4
        assert "杭州小智科技有限公司" in "\n".join(p.text for p in document.paragraphs)
        assert document.tables or doc == "public_disclosure", doc
    table = docx.Document(str(tmp_path / "drafts" / "subject_responsibility_table.docx"))
    cells = [[c.text for c in row.cells] for t in table.tables for row in t.rows]
    assert ["部门名称", "算法安全委员会"] in cells
    assert any(row[0] == "算法安全自评估制度" and row[1] == "是（据回答）" for row in cells)
    assert any(row[0] == "信息发布审核制度" and row[1].startswith("否") for row in cells)
    # The heading structure a reviewer navigates by.
    report = docx.Document(str(tmp_path / "drafts" / "self_assessment_report.docx"))
    titles = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    assert titles[:5] == ["一、算法基本情况", "二、算法在服务中的应用", "三、风险评估", "四、风险防控措施", "五、评估结论"]
    assert titles[-1] == "本文件所用简称"


def test_stderr_names_the_files_written_and_that_they_are_drafts(capsys, tmp_path):
    code, _, err = draft(capsys, "--answers", str(COMPLETE), "--out", str(tmp_path), "--lang", "en")
    assert code == 0
    assert "Wrote 4 drafts to" in err
    for doc in IDS:
        assert f"{doc}.docx" in err
    assert "not legal advice" in err and "[to complete]" in err


def test_nothing_is_written_when_no_filing_is_owed(capsys, tmp_path):
    internal = tmp_path / "internal.toml"
    internal.write_text('"scope.audience" = "internal"\n', encoding="utf-8")  # only the company's own staff use it
    code, _, err = draft(capsys, "--answers", str(internal), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "无需进行算法备案" in err
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("where", ["a-file.txt", "a-file.txt/below"])
def test_an_out_that_is_no_folder_is_refused_with_one_line(capsys, tmp_path, where):
    (tmp_path / "a-file.txt").write_text("keep me", encoding="utf-8")
    code, _, err = draft(capsys, "--answers", str(COMPLETE), "--out", str(tmp_path / where))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert where.split("/")[0] in err and "Traceback" not in err
    assert (tmp_path / "a-file.txt").read_text(encoding="utf-8") == "keep me"


def test_out_is_required(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["draft", "--answers", str(COMPLETE)])
    assert stop.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_every_gap_of_an_unfinished_interview_is_marked(bank):
    answers = load_answers(bank, UNFINISHED)
    a = assess(bank, answers, TODAY)
    drafts = drafts_for(bank, answers, "zh", assessment=a)
    marked = [line for d in drafts for line in d.text().splitlines() if "【待补充】" in line]
    assert a.todo
    for qid in a.todo:
        assert any(qid in line for line in marked), qid
    # Whom it is about is not answered: said as a gap at the top of each draft.
    for d in drafts:
        if d.id != "public_disclosure":  # text to publish names no gap: its parts left are in the checklist
            assert d.blocks[2].text.startswith("备案主体：【待补充】")


def test_every_draft_opens_saying_it_is_a_draft_and_names_the_filer_and_algorithm(bank):
    answers = load_answers(bank, COMPLETE)
    for lang, first in (("zh", "初稿："), ("en", "DRAFT")):
        for d in drafts_for(bank, answers, lang, assessment=assess(bank, answers, TODAY)):
            text = markdown(d)
            assert text.splitlines()[0].lstrip("*").startswith(first)
            assert answers["subject.name"] in text and answers["algorithm.name"] in text


def test_chinese_drafts_cite_the_law_in_chinese(bank):
    answers = load_answers(bank, COMPLETE)
    report = drafts_for(bank, answers, "zh", assessment=assess(bank, answers, TODAY))[1].text()
    assert "《互联网信息服务深度合成管理规定》第十六条" in report or "《深度合成管理规定》第十六条" in report
    assert "DSP Art." not in report and "AP Art." not in report


def test_the_public_disclosure_keeps_trade_secrets_out(bank):
    answers = load_answers(bank, COMPLETE)
    disclosure = drafts_for(bank, answers, "zh", assessment=assess(bank, answers, TODAY))[2].text()
    for secret in ("algorithm.model.hardware_requirements", "algorithm.model.performance", "subject.credit_code"):
        assert answers[secret] not in disclosure, secret
    assert answers["algorithm.introduction"] in disclosure


# --- Nothing invented ---------------------------------------------------------------------------

NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+(?:\.\d+)*\.? )")
"""A heading's number (一、 （一） 1. 1.1), which the drafts count themselves."""
QUESTION_PATH = re.compile(r"[a-z_]+(?:\.[a-z_]+|\[\d+\])+")
WORDS = re.compile(r"[A-Za-z\u3400-\u9fff]")


def known_sentences(bank) -> list[str]:
    """Every piece of text a draft may say besides answers: the catalogue's sentences cut at their
    placeholders, the question bank (labels, questions, options), the law's wording and every citation."""
    pieces: set[str] = set()
    for name in ("drafts", "form"):
        for entry in area(name).values():
            for lang in ("en", "zh"):
                for part in re.split(r"\{[^}]*\}", entry(lang)):
                    pieces.add(part)
    for q in bank.questions:
        for lang in ("en", "zh"):
            pieces.add(q.text(lang))
            for field in (q, *q.fields, *(f for sub in q.fields for f in sub.fields)):
                pieces.add(field.text(lang))
                pieces.update(o.label(lang) for o in field.options)
    for lang in ("en", "zh"):
        # The legend of short names at the end of each draft, as summaries say it (RULES §1).
        for key, meaning in {**short_names_used("DSP AP GAI LBL AIS TS45654 SAP PIPL MOP CSL CACN GUIDE", lang),
                             **short_names_used("DSP AP GAI LBL AIS TS45654 SAP PIPL MOP CSL CACN GUIDE", lang, chinese_keys=True)}.items():
            pieces.update((key, meaning))
    for r in bank.readings.values():  # the law's readings (the generative AI filing path)
        pieces.update((r("en"), r("zh")))
    # What reviewers ask to see and what is signed and sealed (dialogs/checks.toml): the evidence checklist.
    for entry in reasons()["evidence"].values():
        pieces.update((entry["en"], entry["zh"]))
    for lang in ("en", "zh"):
        pieces.update(reasons()["check"]["check.signatures"]["items"][lang])
    for o in bank.obligations.values():
        for lang in ("en", "zh"):
            pieces.update((o.title(lang), o.why(lang), o.why_for(lang, True)))
            for basis in o.basis:
                cite = Citer(lang)
                pieces.update((basis, cite(basis), cite(basis)))  # the full title, then the short one
    # A sentence names an instrument in full the first time in a draft and by its short title after (RULES §1).
    pieces.update([part for piece in pieces for part in _mentions()[0].split(piece)])
    pieces.update(ins.full(lang) for ins in instruments().values() for lang in ("en", "zh"))
    pieces.update(ins.brief(lang) for ins in instruments().values() for lang in ("en", "zh"))
    return sorted((p for p in pieces if p.strip()), key=len, reverse=True)


def marked_answers(bank, answers: dict) -> tuple[dict, list[str]]:
    """The answers with every free text (no check on it) replaced by a unique marker, and the markers."""
    markers: list[str] = []

    def marker() -> str:
        markers.append(f"ZZ{len(markers):03d}ZZ")
        return markers[-1]

    out = dict(answers)
    for qid, value in answers.items():
        question = bank.question(qid)
        if question.kind == "text" and question.check is None:
            out[qid] = marker()
        elif question.kind == "records":
            items = []
            for item in value:
                item = dict(item)
                for sub in question.fields:
                    if sub.kind == "text" and sub.id in item:
                        item[sub.id] = marker()
                item["functions"] = [
                    {k: marker() if k in ("name", "access_path", "description") else v for k, v in f.items()}
                    for f in item.get("functions", [])
                ]
                items.append(item)
            out[qid] = items
    return out, markers


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("source", [COMPLETE, UNFINISHED])
def test_every_sentence_comes_from_the_catalogue_the_law_or_an_answer(bank, lang, source):
    """With each free-text answer replaced by a unique marker, every line of every draft is left with no word
    once the answers, the catalogue's sentences, the question bank, the law's wording and its citations are
    taken out: nothing is said that none of them says."""
    answers, markers = marked_answers(bank, load_answers(bank, source))
    drafts = drafts_for(bank, answers, lang, assessment=assess(bank, answers, TODAY))
    assert [d.id for d in drafts] == IDS
    text = "\n".join(d.text() for d in drafts)
    # The free text that the drafts restate is the filer's own (markers), never paraphrased.
    assert all(m in text for m in markers if m not in ("ZZ000ZZ",)) or not markers
    known = known_sentences(bank)
    # Free text kept as typed: the markers, and the answers whose form is checked (credit code, phone, e-mail).
    typed = [v for q, v in answers.items() if isinstance(v, str) and bank.question(q).kind == "text"]
    answered = sorted(markers + typed, key=len, reverse=True)
    for line in text.splitlines():
        rest = NUMBERING.sub(" ", line)
        for piece in answered:
            rest = rest.replace(piece, " ")
        rest = QUESTION_PATH.sub(" ", rest)
        for piece in known:
            rest = rest.replace(piece, " ")
        assert not WORDS.search(rest), f"{line!r} says {rest.strip()!r}, which no answer, catalogue entry or law text says"
    # And every line is one of those, not an empty one.
    assert all(line.strip(string.whitespace + "|") for line in text.splitlines())


def test_every_marker_of_the_complete_interview_is_restated_somewhere(bank):
    answers, markers = marked_answers(bank, load_answers(bank, COMPLETE))
    text = "\n".join(d.text() for d in drafts_for(bank, answers, "zh", assessment=assess(bank, answers, TODAY)))
    assert [m for m in markers if m not in text] == []


# --- The plain chat ------------------------------------------------------------------------------


def test_the_plain_chat_prints_the_form_and_writes_the_drafts(home, tmp_path, bank):
    from assistant.dialog.session import Session

    Session(Store(home), "demo", lang="zh", create=True, seed=load_answers(bank, COMPLETE)).close()
    out, err = io.StringIO(), io.StringIO()
    folder = tmp_path / "drafts"
    code = run_plain(
        # The complete interview waits at the generative AI filing's first question, a text one: `skip` it first.
        "demo", stdin=io.StringIO(f"form\nskip\ndraft {folder}\nquit\n"), stdout=out, stderr=err, store=Store(home), today=TODAY
    )
    assert code == 0, err.getvalue()
    said = out.getvalue()
    assert "第一步　备案主体信息" in said and "算法类型：生成合成类" in said
    assert "写入 4 份初稿" in said
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{doc}.docx" for doc in IDS)


def test_at_a_text_question_draft_with_words_after_it_is_an_answer(home, tmp_path, monkeypatch):
    from assistant.dialog.session import Session

    # The service questions answered up to the first text question of the filer's details.
    seed = {
        "scope.audience": "public", "scope.public_interaction": True, "service.generates_content": True,
        "service.content_kinds": ["text"], "service.anthropomorphic": False, "service.recommends_content": False,
        "users.minors": False, "role.serves_end_users": True, "role.supplies_technology": False,
        "role.buys_technology": False, "subject.group_member": False, "subject.same_as_icp_entity": True,
    }
    Session(Store(home), "acme", lang="en", create=True, seed=seed).close()
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    run_plain("acme", stdin=io.StringIO("draft emails for users\nquit\n"), stdout=out, store=Store(home), today=TODAY)
    assert Store(home).read("acme").answers["subject.name"] == "draft emails for users"
    assert not (tmp_path / "emails for users").exists()
    # A bare `draft` there writes to the interview's own folder.
    out = io.StringIO()
    run_plain("acme", stdin=io.StringIO("draft\nquit\n"), stdout=out, store=Store(home), today=TODAY)
    assert "acme-drafts" in out.getvalue()
    assert (tmp_path / "acme-drafts" / "self_assessment_report.docx").exists()


def test_a_provider_that_also_supports_gets_a_folder_of_drafts_per_filing(capsys, tmp_path):
    from test_form import PROVIDER_AND_SUPPORTER, answers_file

    path = answers_file(tmp_path, PROVIDER_AND_SUPPORTER)
    code, _, err = draft(capsys, "--answers", str(path), "--out", str(tmp_path / "out"), "--format", "md")
    assert code == 0, err
    for role in ("deep_synthesis_provider", "deep_synthesis_technical_supporter"):
        assert sorted(p.name for p in (tmp_path / "out" / role).iterdir()) == sorted(f"{d}.md" for d in IDS), role
        assert f"{role}/public_disclosure.md" in err
        for doc in IDS:
            golden(f"provider-and-supporter.{role}.{doc}.zh.md", (tmp_path / "out" / role / f"{doc}.md").read_text(encoding="utf-8"))
    provider = (tmp_path / "out" / "deep_synthesis_provider" / "self_assessment_report.md").read_text(encoding="utf-8")
    supporter = (tmp_path / "out" / "deep_synthesis_technical_supporter" / "self_assessment_report.md").read_text(encoding="utf-8")
    assert "小智 App" in provider and "小智对话API" not in provider
    assert "小智对话API" in supporter and "投诉举报" not in supporter  # a duty towards users is the provider's
    code, _, err = draft(capsys, "--answers", str(path), "--out", str(tmp_path / "one"), "--filing", "deep_synthesis_provider")
    assert code == 0 and sorted(p.name for p in (tmp_path / "one").iterdir()) == sorted(f"{d}.docx" for d in IDS)
    code, _, err = draft(capsys, "--answers", str(path), "--out", str(tmp_path / "bad"), "--filing", "algorithm_recommendation_provider")
    assert code == 2 and "not owed" in err


GAPS = {
    # A chatbot with gaps a public text must never announce: no conspicuous label, no harmful-content mechanism,
    # its input not checked, no minor mode answered, the disclosure still being drafted.
    "algorithm.risk.conspicuous_label": False,
    "algorithm.strategy.preprocess_input": False,
    "algorithm.risk.harmful_content_mechanism": "none",
    "users.minors": None,
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_public_disclosure_of_a_persona_with_gaps_is_text_to_publish(bank, tmp_path, lang):
    from test_form import answers_file

    for source in (answers_file(tmp_path, GAPS), UNFINISHED):
        answers = load_answers(bank, source)
        drafts = {d.id: d for d in drafts_for(bank, answers, lang, assessment=assess(bank, answers, TODAY))}
        disclosure = drafts["public_disclosure"]
        body = [b for b in disclosure.blocks if not getattr(b, "notice", False)]
        text = "\n".join(b.text for b in body)
        assert not any(hasattr(b, "rows") for b in body)  # no answer table
        assert mark(lang) not in text and "否" not in text and " no " not in f" {text.lower()} "  # no gap, no "no"
        for basis in ("依据", "Basis", "第", "Art.", "办法", "规定", "GUIDE"):
            assert basis not in text, basis
        # What it could not say is in the evidence checklist instead.
        if source == UNFINISHED:
            assert "algorithm" not in text
            assert mark(lang) in drafts["evidence_checklist"].text()


def test_the_docx_drafts_are_a4_tagged_in_their_language_with_gaps_highlighted(capsys, tmp_path):
    from docx.oxml.ns import qn

    for lang, tag in (("zh", "zh-CN"), ("en", "en-US")):
        code, _, err = draft(capsys, "--answers", str(COMPLETE), "--out", str(tmp_path / lang), "--lang", lang)
        assert code == 0, err
        for doc in IDS:
            document = docx.Document(str(tmp_path / lang / f"{doc}.docx"))
            section = document.sections[0]
            assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
            # Chinese text tagged zh-CN, Latin text en-US (as Word writes a Chinese document: a Latin word tagged
            # zh-CN is broken anywhere at a line's end); the document's own language is the draft's.
            styles = document.styles.element
            assert {e.get(qn("w:eastAsia")) for e in styles.iter(qn("w:lang"))} == {"zh-CN"}, doc
            assert {e.get(qn("w:val")) for e in styles.iter(qn("w:lang"))} == {"en-US"}, doc
            assert document.core_properties.language == tag
            assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "SimHei"
            highlighted = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
            gaps = [p.text for p in document.paragraphs if mark(lang) in p.text]
            assert len(highlighted) >= len([g for g in gaps if g.startswith(mark(lang))]), doc
            for table in document.tables:
                header = table.rows[0]._tr
                assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
                # Columns as wide as their text needs, together the width of the page's text (A4 less its margins).
                widths = [c.width for c in table.rows[0].cells]
                assert sum(w.mm for w in widths) == pytest.approx(210 - 2 * 31.75, abs=1) and min(widths) > 0
    # A short column never wraps: the checklist's 已准备 is as wide as its three characters (at the table's size, 五号)
    # and the cell's margins (108 twips each side), with half a character to spare.
    checklist = docx.Document(str(tmp_path / "zh" / "evidence_checklist.docx"))
    short = [cell for table in checklist.tables for cell in table.rows[0].cells if cell.text in ("已准备", "初稿情况")]
    assert len(short) >= 3
    for cell in short:
        points = cell.paragraphs[0].runs[0].font.size.pt
        assert points == 10.5
        assert cell.width.twips >= len(cell.text) * points * 20 + 216 + points * 10, cell.text
    report = docx.Document(str(tmp_path / "zh" / "self_assessment_report.docx"))
    marks = [r for p in report.paragraphs for r in p.runs if "【待补充】" in r.text]
    assert marks and all(r.font.highlight_color is not None for r in marks)


def test_no_column_is_narrower_than_its_longest_english_word():
    # The functions table of an English draft: "Product", "assistant" were broken inside at 11 pt.
    from assistant.files.drafts import Table, _widths, table_points

    table = Table(
        header=["Product name", "Function name", "Function access path (menu steps in order)", "Function description",
                "Does the function use this algorithm to generate content?"],
        rows=[["小智 App", "Group assistant", "Groups > a group > @小智", "The assistant answers in group chats when mentioned", "Yes"]],
    )
    points = table_points(table)
    for size, cells in zip(_widths(table, 8306), zip(table.header, *table.rows)):
        longest = max(len(word) for text in cells for word in text.split())
        assert size >= longest * points * 20 * 0.6 + 216, (cells, size)
