"""The filing record (CONTRACT §5): build it, write it as TOML, read it back, validate it with TOML paths."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Callable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field as PydanticField, ValidationError, create_model

from assistant import __version__
from assistant.files.answers import flatten, read_toml, unmet_condition_text
from assistant.files.summary import (
    CHINA,
    Citer,
    InFull,
    genai_filing,
    genai_service,
    in_china_time,
    note_text,
    now_in_china,
    penalty_text,
    recommends_only,
    short_names_used,
)
from assistant.errors import BadInput, Problem
from assistant.law import conditions
from assistant.law.wording import Words
from assistant.law.questions import (
    UNSURE_WRITTEN,
    AnswerProblem,
    Field,
    QuestionBank,
    checked,
    closest,
    describe,
    shown,
    to_file,
)
from assistant.law.derive import PROVENANCE
from assistant.law.rules import ROLE_KEYS, Assessment, assess, is_overdue, rules_as_of, rules_changed_since

LINES = Words("summary")
"""The line on older rules (dialogs/wording/summary.toml), said alike by `validate` and `summary`."""
SCHEMA_VERSION = 4
"""4 (this version) carries rules_as_of, and [genai_service] its deadline, overdue and supplier_model;
3 carried notes, penalty and [genai_service] without them, which `validate` derives again; 1 and 2 less."""
FACT_SECTIONS = ("scope", "role")
"""Sections whose answers decide roles; the record keeps them together in [facts] (CONTRACT §3)."""
FORM_TABLES = ("subject", "algorithm", "products", "technical_support")
GENAI = "genai."
"""The questions of the generative AI filing (dialogs/genai.toml), kept in [genai_service] (CONTRACT §12)."""
"""Top-level record tables that hold the answers of the form's three steps, in the system's order."""
DOCUMENTS = {
    "subject_responsibility_table": "docs.subject_responsibility_table",
    "self_assessment_report": "docs.self_assessment_report",
    "public_disclosure": "docs.public_disclosure",
}


def fact_ids(bank: QuestionBank) -> list[str]:
    return [q.id for q in bank.questions if q.section in FACT_SECTIONS]


def _nest(table: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        table = table.setdefault(part, {})
    table[leaf] = value


def build_record(
    bank: QuestionBank,
    answers: Mapping[str, Any],
    assessment: Assessment | None = None,
    lang: str = "en",
    now: dt.datetime | None = None,
    provenance: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The record as a dict in the contract's order, ready for tomli-w.

    `provenance` (a saved interview's): how each answer was given, by prompt key; the record's
    `[provenance]` keeps those of the answers it holds (CONTRACT §5).

    `now` (default: now_in_china) is the record's generated_at, said in China
    time; `overdue` is as of that day, so a record states what held when it
    was written and `validate` can derive it again on any later day.
    """
    generated_at = in_china_time(now or now_in_china())
    a = assessment or assess(bank, answers, generated_at.date())
    _, counted = bank.effective(answers)
    facts_ids = set(fact_ids(bank))
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at,
        "tool_version": __version__,
        # The in-force date of the newest instrument the rules apply (CONTRACT §5; RULES §1).
        "rules_as_of": rules_as_of(bank),
        "notice": bank.readings["not_legal_advice"](lang),
        # The algorithm types the service shows, this interview's first (RULES §4: one filing per
        # algorithm); one whose type is still open is left out, as TOML has no null.
        "algorithms": [al.type for al in sorted(a.algorithms, key=lambda al: not al.this_interview) if al.type],
        # One sentence for each unsettled reading taken and each rule on the way (RULES §2-§5, §10).
        "notes": [note_text(bank, a, n, lang) for n in a.notes],
    }
    if a.penalty:
        # What not filing risks (AP Art. 31; DSP Art. 22, RULES §8; AIS Art. 30, §7b), said once.
        record["penalty"] = penalty_text(bank, a, lang)
    # TOML puts a table's plain keys before its sub-tables, so `todo`, last
    # in the contract's list, is written here, among the top-level keys.
    record["todo"] = list(a.todo)
    record["facts"] = {q: to_file(counted[q]) for q in bank.by_id if q in facts_ids and q in counted}
    record["roles"] = {key: a.roles[key] for key in ROLE_KEYS}
    record["filings"] = [
        {
            "role": role,
            # Open where it hangs on a question not answered yet; its reasons name the question (RULES §7).
            "status": "open" if role in a.open_filings else "owed",
            "algorithms": a.filing_algorithms.get(role, []),
            "reasons": [bank.readings[r](lang) for r in reasons],
        }
        for role, reasons in a.filings.items()
    ]
    genai = genai_service(a)
    if genai:
        path, reasons = genai
        # TOML has no null: a path not yet known (build or buy unanswered) is absent; its reason says why.
        record["genai_service"] = ({"path": path} if path else {}) | {"reasons": [bank.readings[r](lang) for r in reasons]}
        when = genai_filing(a)
        if when["deadline"]:
            # Due on the launch date (RULES §5), overdue as of generated_at; TOML has no null.
            record["genai_service"]["deadline"] = when["deadline"]
            record["genai_service"]["overdue"] = is_overdue(
                bank.obligations["genai.service_filing"], when["deadline"], generated_at.date()
            )
        if "supplier_model" in when:
            record["genai_service"]["supplier_model"] = when["supplier_model"]
        # The generative AI filing's own answers (genai.*, CONTRACT §12) are kept here, under their ids' last part.
        record["genai_service"] |= {q.removeprefix(GENAI): to_file(v) for q, v in counted.items() if q.startswith(GENAI)}
    given = {key: how for key, how in (provenance or {}).items() if key.split("/")[0] in counted and how in PROVENANCE}
    if given:
        record["provenance"] = given
    form: dict[str, Any] = {}
    for qid, value in counted.items():
        if qid not in facts_ids:
            _nest(form, qid, to_file(value))
    for table in FORM_TABLES:
        if table in form:
            record[table] = form[table]
    owed = {o.id: o for o in a.obligations}
    if a.filings:
        record["documents"] = {
            key: {
                "status": owed[oid].status if oid in owed else "open",
                "covers": bank.obligations[oid].why_for(lang, recommends_only(a)),
                "basis": list(owed[oid].basis if oid in owed else bank.obligations[oid].basis),
            }
            for key, oid in DOCUMENTS.items()
        }
    record["obligations"] = []
    cite = Citer(lang)
    for o in a.obligations:
        entry: dict[str, Any] = {
            "id": o.id,
            "title": bank.obligations[o.id].title(lang),
            "basis": list(o.basis or bank.obligations[o.id].basis),
            "because": [str(b) for b in o.because],
            "status": o.status,
        }
        if lang == "zh":
            # The basis ids stay as they are; a Chinese record also cites them in Chinese (RULES §1).
            entry["cited"] = [cite(b) for b in entry["basis"]]
        if o.deadline:
            entry["deadline"] = o.deadline
            entry["overdue"] = is_overdue(bank.obligations[o.id], o.deadline, generated_at.date())
        record["obligations"].append(entry)
    if lang == "zh":
        _in_full(record)
    # Every output says once what each short name it uses stands for, in its language (RULES §1).
    record["short_names"] = short_names_used(json.dumps(record, ensure_ascii=False, default=str), lang)
    return record


def _in_full(record: dict[str, Any]) -> None:
    """A Chinese record's own sentences (never the answers) with each instrument named in full the first time, in
    the order the TOML says them: the plain keys first (notice, notes, penalty), then its tables (RULES §1)."""
    name = InFull()
    record["notice"] = name(record["notice"])
    record["notes"] = [name(n) for n in record["notes"]]
    if "penalty" in record:
        record["penalty"] = name(record["penalty"])
    for filing in record["filings"]:
        filing["reasons"] = [name(r) for r in filing["reasons"]]
    if "genai_service" in record:
        record["genai_service"]["reasons"] = [name(r) for r in record["genai_service"]["reasons"]]
    for document in record.get("documents", {}).values():
        document["covers"] = name(document["covers"])
    for entry in record["obligations"]:
        entry["title"] = name(entry["title"])
        entry["cited"] = [name(c) for c in entry["cited"]]


def rules_line(bank: QuestionBank, data: Mapping[str, Any], answers: Mapping[str, Any], lang: str = "en") -> str | None:
    """One line for a record written under older rules (CONTRACT §5): the rules it was written under,
    today's, and what they have added or changed since that concerns it; None for a record of today's.

    A record without `rules_as_of` (schema 3 and older) was written before the rules recorded it."""
    current = rules_as_of(bank)
    written = data.get("rules_as_of")
    written = written if isinstance(written, dt.date) and not isinstance(written, dt.datetime) else None
    if written is not None and written >= current:
        return None
    changes = [bank.readings[r](lang) for r in rules_changed_since(bank, answers, written)]
    if not changes:
        return None
    values = {"new": current.isoformat(), "changes": ("；" if lang == "zh" else "; ").join(changes)}
    if written is None:
        return LINES.say("rules_older_unknown", lang, **values)
    return LINES.say("rules_older", lang, old=written.isoformat(), **values)


def record_toml(record: Mapping[str, Any]) -> str:
    import tomli_w  # ~3 ms; only the commands that write a record need it

    return tomli_w.dumps(record)


# --- The schema -------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Status = Literal["met", "gap", "open"]
AlgorithmType = Literal["generation_synthesis", "personalized_push", "ranking_selection", "search_filtering", "dispatch_decision"]


class FilingEntry(_Strict):
    role: Literal[
        "deep_synthesis_provider", "deep_synthesis_technical_supporter", "algorithm_recommendation_provider"
    ]
    """The role in which this separate filing is made."""
    status: Literal["owed", "open"]
    """`open` where it hangs on a question not answered yet (or "not sure")."""
    algorithms: list[AlgorithmType]
    """The algorithm types it covers (RULES §4)."""
    reasons: list[str]
    """Why it is owed, in plain words."""


class SupplierModel(_Strict):
    name: str | None = None
    filing_number: str | None = None


class GenaiService(_Strict):
    path: Literal["registration", "full", "full_supplier_unfiled"] | None = None
    """The generative AI filing path (RULES §5); absent while the answer that decides it is missing."""
    reasons: list[str] = PydanticField(min_length=1)
    """Why it is owed and why this path, in plain words."""
    deadline: dt.date | None = None
    """The launch date: the filing or registration comes before launch (RULES §5); absent while unknown."""
    overdue: bool | None = None
    """Launched without it, as of generated_at."""
    supplier_model: SupplierModel | None = None
    """The filed model called: its name and filing number, where answered."""


class DocumentEntry(_Strict):
    status: Status
    covers: str
    """What the document must cover."""
    basis: list[str] = PydanticField(min_length=1)


class ObligationEntry(_Strict):
    id: str
    title: str
    basis: list[str] = PydanticField(min_length=1)
    """The articles it rests on."""
    because: list[str] = PydanticField(min_length=1)
    """The answers that triggered it."""
    status: Status
    cited: list[str] | None = None
    """The basis cited in Chinese, in a Chinese record (RULES §1)."""
    deadline: dt.date | None = None
    overdue: bool | None = None


class Roles(_Strict):
    deep_synthesis_provider: bool
    deep_synthesis_technical_supporter: bool
    algorithm_recommendation_provider: bool
    generative_ai_provider: bool


def _value_type(field: Field) -> Any:
    unsure = (Literal[UNSURE_WRITTEN],) if field.unsure else ()
    if field.kind == "yes_no":
        base: Any = bool
    elif field.kind == "choice":
        base = Literal[field.option_ids]  # type: ignore[valid-type]
    elif field.kind == "multi":
        base = list[Literal[field.option_ids]]  # type: ignore[valid-type]
    elif field.kind == "date":
        base = dt.date
    elif field.kind == "text":
        base = str
    elif field.kind == "number":
        base = int | float
    else:
        item = create_model(
            f"Item_{field.id}",
            __base__=_Strict,
            **{f.id: (_value_type(f) | None, None) for f in field.fields},
        )
        base = list[item]  # type: ignore[valid-type]
    for extra in unsure:
        base = base | extra
    return base


def _table_model(name: str, tree: dict[str, Any]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for key, node in tree.items():
        if isinstance(node, Field):
            fields[key] = (_value_type(node) | None, None)
        else:
            fields[key] = (_table_model(f"{name}_{key}", node) | None, None)
    return create_model(name, __base__=_Strict, **fields)


_MODELS: dict[int, type[BaseModel]] = {}


def record_model(bank: QuestionBank) -> type[BaseModel]:
    """The pydantic schema of a record, generated from the question bank so the two never drift."""
    if id(bank) not in _MODELS:
        _MODELS[id(bank)] = _record_model(bank)
    return _MODELS[id(bank)]


def _record_model(bank: QuestionBank) -> type[BaseModel]:
    facts_ids = set(fact_ids(bank))
    facts = create_model(
        "Facts",
        __base__=_Strict,
        **{
            qid.replace(".", "__"): (_value_type(bank.question(qid)) | None, PydanticField(None, alias=qid))
            for qid in fact_ids(bank)
        },
    )
    tree: dict[str, Any] = {}
    for question in bank.questions:
        if question.id not in facts_ids:
            _nest(tree, question.id, question)
    own = {q.id.removeprefix(GENAI): (_value_type(q) | None, None) for q in bank.questions if q.id.startswith(GENAI)}
    genai_model = create_model("GenaiServiceRecord", __base__=GenaiService, **own)
    tables: dict[str, Any] = {}
    for key in FORM_TABLES:
        node = tree.get(key)
        model = _value_type(node) if isinstance(node, Field) else _table_model(key.title(), node or {})
        tables[key] = (model | None, None)
    return create_model(
        "Record",
        __base__=_Strict,
        **{
            "schema_version": (Literal[SCHEMA_VERSION], ...),
            "generated_at": (dt.datetime, ...),
            "tool_version": (str, ...),
            "rules_as_of": (dt.date, ...),
            "notice": (str, ...),
            "notes": (list[str], ...),
            "algorithms": (list[AlgorithmType], ...),
            "penalty": (str | None, None),
            "todo": (list[str], ...),
            "facts": (facts, ...),
            "roles": (Roles, ...),
            "filings": (list[FilingEntry], ...),
            "genai_service": (genai_model | None, None),
            "provenance": (dict[str, Literal[PROVENANCE]] | None, None),  # type: ignore[valid-type]
            **tables,
            "documents": (dict[Literal[tuple(DOCUMENTS)], DocumentEntry] | None, None),  # type: ignore[misc]
            "obligations": (list[ObligationEntry], ...),
            "short_names": (dict[str, str] | None, None),
        },
    )


_MESSAGES = {
    "bool_type": "expected a boolean",
    "bool_parsing": "expected a boolean",
    "string_type": "expected a string",
    "int_type": "expected a number",
    "float_type": "expected a number",
    "date_type": "expected a date",
    "date_parsing": "expected a date",
    "datetime_type": "expected a date-time",
    "datetime_parsing": "expected a date-time",
    "list_type": "expected an array",
    "model_type": "expected a table",
    "dict_type": "expected a table",
    "model_attributes_type": "expected a table",
    "missing": "missing",
    "extra_forbidden": "unknown key",
    "too_short": "must not be empty",
}


KEYED_ARRAYS = {"obligations": "id", "filings": "role"}
"""Arrays of tables whose entries a TOML path names by a key of their own: `obligations[label.implicit]`."""
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.\-]{1,80}")


def _entry_label(value: Any) -> str:
    """How a path names an array entry: its id as written, or quoted where it holds anything else."""
    return value if isinstance(value, str) and _PLAIN_ID.fullmatch(value) else _value(value, 40)


def toml_path(loc: tuple[Any, ...], data: Any = None) -> str:
    """A location as a TOML path: `facts."scope.audience"`, `products[0].name`; with `data`, an entry
    of `obligations` or `filings` is named by its id or role: `obligations[label.implicit].status`."""
    path = ""
    node = data
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            label = str(part)
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            key = KEYED_ARRAYS.get(loc[0]) if depth == 1 else None
            if key and isinstance(item, dict) and isinstance(item.get(key), str) and _PLAIN_ID.fullmatch(item[key]):
                label = item[key]
            path += f"[{label}]"
            node = item
        else:
            if "." in str(part) or not str(part).replace("_", "").isalnum():
                path += f'."{part}"' if path else f'"{part}"'
            else:
                path += f".{part}" if path else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return path


def _problem(error: Mapping[str, Any], file: str, data: Any = None) -> Problem:
    # Unions report one error per member; the member name in the location adds nothing for a user.
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p in ("bool", "str", "date", "int", "float"))))
    kind = error["type"]
    if kind == "literal_error":
        what = f"expected one of: {error['ctx']['expected']}"
    else:
        what = _MESSAGES.get(kind, error["msg"])
    return Problem(toml_path(loc, data), what, file=file)


def schema_problems(bank: QuestionBank, data: Mapping[str, Any], file: str = "") -> list[Problem]:
    """What does not fit the record's shape (types, option ids, unknown keys), one problem per TOML path."""
    try:
        record_model(bank).model_validate(data)
    except ValidationError as error:
        seen: dict[str, Problem] = {}
        for item in error.errors(include_url=False):
            problem = _problem(item, file, data)
            # A union reports one error per member; one line per path is enough.
            seen.setdefault(problem.where, problem)
        return list(seen.values())
    return []


# --- Validation: the record against the schema and against itself (CONTRACT §5) --------

RECORD_MARKERS = (
    "schema_version", "generated_at", "tool_version", "rules_as_of", "notice", "notes", "algorithms", "penalty", "todo",
    "facts", "roles", "filings", "genai_service", "documents", "obligations", "short_names",
)
"""Keys only a record has: a file with none of them and with answers' keys is an answers file."""
INPUTS = ("schema_version", "generated_at", "tool_version", "rules_as_of", "facts", "provenance", *FORM_TABLES)
"""What a record holds that is not derived from its answers: everything else is derived again and compared
(a record that differs only in rules_as_of is valid; `rules_line` says why its derived parts may differ)."""
_MISSING: Any = object()
_SHOWN_IDS = 3
_GROUP_OVER = 3
"""More answers than this resting on one other answer are named as one problem at that answer."""


def looks_like_answers_file(bank: QuestionBank, data: Mapping[str, Any]) -> bool:
    """No key only a record has, and keys that are question ids or their tables (`scope`, `"role.buys_technology"`)."""
    if any(key in data for key in RECORD_MARKERS):
        return False
    return any(key in bank.by_id or key in bank.id_prefixes for key in data)


def _place(qid: str, facts: set[str]) -> str:
    """Where an answer sits in a record: `facts."scope.audience"`, or its id (`algorithm.name`), which is its path."""
    return f'facts."{qid}"' if qid in facts else qid


def _value(value: Any, width: int = 60) -> str:
    """A value as TOML writes it, cut short: true, "met", ["DSP Art. 16", ...], 2026-10-16."""
    if value is _MISSING or value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= width else value[: width - 1] + "…", ensure_ascii=False)
    if isinstance(value, int) and value.bit_length() > 200:
        return shown(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        items = [_value(v, 40) for v in value[:4]] + (["…"] if len(value) > 4 else [])
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        items = [f"{k} = {_value(v, 30)}" for k, v in list(value.items())[:3]] + (["…"] if len(value) > 3 else [])
        return "{" + ", ".join(items) + "}"
    return shown(value, width)


def _same(found: Any, expected: Any) -> bool:
    """Equal, and of the same TOML type: `1` is not `true`, a date-time is not a date."""
    if type(found) is not type(expected):
        return False
    if isinstance(expected, list):
        return len(found) == len(expected) and all(_same(f, e) for f, e in zip(found, expected))
    if isinstance(expected, dict):
        return found.keys() == expected.keys() and all(_same(found[k], expected[k]) for k in expected)
    return found == expected


def _ids(qids: list[str]) -> str:
    more = len(qids) - _SHOWN_IDS
    return ", ".join(qids[:_SHOWN_IDS]) + (f" and {more} more" if more > 0 else "")


@dataclasses.dataclass
class _Answers:
    """The answers of a record as far as they can be read, and what stands in the way of the rest."""

    good: dict[str, Any]
    """Every answer that fits its question, whether or not the question applies."""
    counted: dict[str, Any]
    """The answers that count: those of questions that apply."""
    unreadable: set[str]
    problems: list[Problem]
    """Answers that do not fit their question, or whose question does not apply."""
    unknown: list[Problem]
    """Keys of the form's tables that are no question id, with the id most likely meant."""
    causes: list[Problem]
    """One problem per answer on which several others rest (CONTRACT §5: the root cause, once)."""
    blocked: bool
    """Whether the answers are too broken to derive roles, filings and obligations from."""


def _unmet(question: Field, answers: Mapping[str, Any]) -> list[str]:
    """The ids in `question`'s condition that the answers do not meet, first the ones that must all hold."""
    unmet = conditions.unmet(question.ask_when, answers)
    if not unmet and question.ask_when_any:
        groups = [conditions.unmet(g, answers) for g in question.ask_when_any]
        if all(groups):
            unmet = [k for g in groups for k in g]
    return unmet


def _answers_in(bank: QuestionBank, data: Mapping[str, Any], file: str) -> _Answers:
    facts = set(fact_ids(bank))
    problems: list[Problem] = []
    unknown: list[Problem] = []
    raw: dict[str, Any] = {}
    if isinstance(data.get("facts"), dict):
        raw.update({k: v for k, v in data["facts"].items() if k in facts})
    flat = flatten(bank, {k: data[k] for k in FORM_TABLES if k in data}, unknown, file)
    # A fact is kept in [facts]; the schema names one written in a form table.
    raw.update({k: v for k, v in flat.items() if k not in facts})
    if isinstance(data.get("genai_service"), dict):
        raw.update({GENAI + k: v for k, v in data["genai_service"].items() if GENAI + k in bank.by_id})

    good: dict[str, Any] = {}
    unreadable: set[str] = set()
    usable: dict[str, Any] = {}
    for qid in bank.by_id:
        if qid not in raw:
            continue
        question = bank.question(qid)
        try:
            good[qid] = usable[qid] = checked(question, raw[qid])
        except AnswerProblem as problem:
            unreadable.add(qid)
            problems.append(Problem(_place(qid, facts), problem.en, problem.zh, file=file))
            # Text over its word limit, a credit code with a wrong check digit, a number under its
            # minimum: wrong, but answered; no rule reads more of them, so the rest can still be derived.
            if question.kind == "text" and isinstance(raw[qid], str) and raw[qid].strip():
                usable[qid] = raw[qid].strip()
            elif question.kind == "number" and isinstance(raw[qid], (int, float)) and not isinstance(raw[qid], bool):
                usable[qid] = raw[qid]

    _, counted = bank.effective(usable)

    def root(qid: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The first answer, following the chain of conditions back, that keeps `qid` from applying."""
        unmet = _unmet(bank.question(qid), counted)
        if not unmet:
            return None
        first = unmet[0]
        if first in usable and first not in counted and first not in seen:
            return root(first, seen | {first}) or first
        return first

    resting: dict[str | None, list[str]] = {}
    for qid in usable:
        if qid not in counted:
            resting.setdefault(root(qid), []).append(qid)

    causes: list[Problem] = []
    # An answer of the wrong kind (an option that does not exist, "yes" for yes/no) leaves unknown
    # what the rules would make of it: what they derive is compared once it is fixed.
    blocked = bool(unreadable - usable.keys())
    for cause, qids in resting.items():
        if cause is None or (cause in counted and len(qids) <= _GROUP_OVER):
            for qid in qids:
                question = bank.question(qid)
                when = unmet_condition_text(question.ask_when, question.ask_when_any, counted)
                problems.append(
                    Problem(
                        _place(qid, facts),
                        f"this question does not apply, so it must not be answered: it is asked only when {when}",
                        f"该问题不适用，不应回答：仅在 {when} 时提问",
                        file=file,
                    )
                )
            continue
        blocked = True
        n, ids = len(qids), _ids(qids)
        answers = f"{n} answers in this record" if n > 1 else "1 answer in this record"
        if cause in counted:
            value = describe(counted[cause])
            en = f"is {value}, so {answers} {'do' if n > 1 else 'does'} not apply and must not be there ({ids}): remove {'them' if n > 1 else 'it'}, or change this answer"
            zh = f"为 {value}，因此本记录中 {n} 个回答不适用，不应存在（{ids}）：请删除它们，或修改此回答"
        elif cause in unreadable:
            en = f"{answers} {'rest' if n > 1 else 'rests'} on this answer ({ids}): checked once it is fixed"
            zh = f"本记录中 {n} 个回答取决于此回答（{ids}）：修正后再检查它们"
        else:
            en = f"missing, and {answers} {'rest' if n > 1 else 'rests'} on it ({ids}): answer it, or remove {'them' if n > 1 else 'that answer'}"
            zh = f"缺少此回答，而本记录中 {n} 个回答取决于它（{ids}）：请回答它，或删除那些回答"
        causes.append(Problem(_place(cause, facts), en, zh, file=file))
    return _Answers(good, counted, unreadable, problems, unknown, causes, blocked)


def _record_day(data: Mapping[str, Any]) -> dt.date | None:
    """The day, in China time, a record was written: what its `overdue` flags are as of."""
    moment = data.get("generated_at")
    return in_china_time(moment).date() if isinstance(moment, dt.datetime) else None


def record_lang(bank: QuestionBank, data: Mapping[str, Any]) -> str | None:
    notice = data.get("notice")
    return next((lang for lang in ("en", "zh") if notice == bank.readings["not_legal_advice"](lang)), None)


Report = Callable[[str, str], None]


def _compare_table(path: str, found: Any, expected: Mapping[str, Any], report: Report, skip: frozenset[str] = frozenset()) -> None:
    if not isinstance(found, dict):
        report(path, f"found {_value(found)}, expected a table")
        return
    for key, want in expected.items():
        if key in skip:
            continue
        where = f"{path}.{key}"
        if key not in found:
            report(where, f"missing, expected {_value(want)}")
        elif isinstance(want, dict):
            _compare_table(where, found[key], want, report, skip)
        elif not _same(found[key], want):
            report(where, f"found {_value(found[key])}, expected {_value(want)}")
    for key in found:
        if key not in expected and key not in skip:
            report(f"{path}.{key}", f"found {_value(found[key])}, expected nothing here on these answers")


def _compare_entries(
    bank: QuestionBank, name: str, found: Any, expected: list[dict[str, Any]], report: Report, skip: frozenset[str]
) -> None:
    """Entries of `obligations` or `filings`, matched by id or role: missing, not owed, listed twice, or different."""
    if not isinstance(found, list):
        report(name, f"found {_value(found)}, expected an array of tables")
        return
    key = KEYED_ARRAYS[name]
    found_by: dict[str, dict[str, Any]] = {}
    for item in found:
        if not isinstance(item, dict) or not isinstance(item.get(key), str):
            continue  # the schema names it
        if item[key] in found_by:
            report(f"{name}[{_entry_label(item[key])}]", "listed twice: keep one entry")
        else:
            found_by[item[key]] = item
    wanted = {e[key]: e for e in expected}
    for k, want in wanted.items():
        where = f"{name}[{k}]"
        if k not in found_by:
            if name == "obligations":
                because = "; ".join(want["because"])
                report(where, f"missing: the answers owe it ({want['title']}; because {because})")
            else:
                report(where, "missing: the answers owe this filing")
        else:
            _compare_table(where, found_by[k], want, report, skip)
    for k in found_by:
        if k not in wanted:
            unknown = name == "obligations" and k not in bank.obligations
            report(
                f"{name}[{_entry_label(k)}]",
                "not an obligation the rules know: remove it" if unknown else "found, but not owed on these answers: remove it",
            )
    order = [k for k in found_by if k in wanted]
    if order != [k for k in wanted if k in found_by]:
        first = next(k for k, w in zip(order, (k for k in wanted if k in found_by)) if k != w)
        report(name, f"the entries are not in the order the rules give them (first out of place: {first})")


def _compare_todo(bank: QuestionBank, found: Any, expected: list[str], answers: _Answers, report: Report) -> None:
    if not isinstance(found, list):
        return  # the schema names it
    # An answer that is there but cannot be read is answered, not open: its own problem says what is wrong.
    expected = [q for q in expected if q not in answers.unreadable]
    listed: list[str] = []
    for item in found:
        if not isinstance(item, str) or item in answers.unreadable:
            continue
        where = f"todo[{_entry_label(item)}]"
        if item in listed:
            report(where, "listed twice")
        elif item not in expected:
            if item not in bank.by_id:
                hint = closest(item, bank.by_id)
                report(where, "no question has this id" + (f"; did you mean {hint}?" if hint else ""))
            elif item in answers.counted:
                report(where, "listed, but the record answers it")
            else:
                report(where, "listed, but the question does not apply on these answers")
        listed.append(item)
    for qid in expected:
        if qid not in listed:
            report(f"todo[{qid}]", "missing: the question applies and the record does not answer it, so todo must list it")
    shared = [q for q in dict.fromkeys(listed) if q in expected]
    if shared != [q for q in expected if q in shared]:
        report("todo", "the ids are not in the interview's order: " + ", ".join(q for q in expected if q in shared))


def _derived_problems(bank: QuestionBank, data: Mapping[str, Any], answers: _Answers, report: Report) -> None:
    """Roles, filings, the generative AI path, documents, obligations, notes, penalty and todo, derived again."""
    day = _record_day(data)
    # Without a readable generated_at, `overdue` has no day to be measured against.
    skip = frozenset() if day else frozenset({"overdue"})
    day = day or now_in_china().date()
    a = assess(bank, answers.counted, day)
    now = dt.datetime.combine(day, dt.time(), CHINA)

    def expected_in(lang: str) -> dict[str, Any]:
        return build_record(bank, answers.counted, a, lang=lang, now=now)

    lang = record_lang(bank, data)
    if lang is None:
        # The notice is edited: the record's language is the one its derived texts agree with best.
        tallies = {}
        for candidate in ("en", "zh"):
            found: list[str] = []
            _compare_record(bank, data, expected_in(candidate), answers, lambda w, m: found.append(w), skip)
            tallies[candidate] = len(found)
        lang = min(tallies, key=lambda c: tallies[c])
    _compare_record(bank, data, expected_in(lang), answers, report, skip)


def _compare_record(
    bank: QuestionBank, data: Mapping[str, Any], expected: Mapping[str, Any], answers: _Answers, report: Report, skip: frozenset[str]
) -> None:
    derived = [k for k in expected if k not in INPUTS]
    derived += [k for k in data if k not in expected and k not in INPUTS and k in record_model(bank).model_fields]
    for key in derived:
        found, want = data.get(key, _MISSING), expected.get(key, _MISSING)
        if key == "todo":
            _compare_todo(bank, found, want, answers, report)
        elif found is _MISSING and want is _MISSING:
            continue
        elif want is _MISSING:
            report(key, f"found {_value(found)}, expected nothing on these answers: remove it")
        elif found is _MISSING:
            report(key, f"missing, expected {_value(want)}")
        elif key in KEYED_ARRAYS:
            _compare_entries(bank, key, found, want, report, skip)
        elif isinstance(want, dict):
            _compare_table(key, found, want, report, skip)
        elif not _same(found, want):
            report(key, f"found {_value(found)}, expected {_value(want)}")


def _under(path: str, places: set[str]) -> bool:
    """Whether `path` is one of `places` or inside one of them."""
    return any(path == p or path.startswith((p + ".", p + "[")) for p in places)


def _around(path: str, places: set[str]) -> bool:
    """Whether `path` is one of `places`, inside one, or holds one."""
    return _under(path, places) or any(p.startswith((path + ".", path + "[")) for p in places)


def record_problems(bank: QuestionBank, data: Mapping[str, Any], file: str = "") -> tuple[list[Problem], dict[str, Any]]:
    """Every problem of a record, in one pass, and the answers that can be read from it.

    Shape (types, option ids, unknown keys), then the answers checked as an
    answers file is (check digits, word limits, questions that do not apply),
    then everything derived from them compared with what the rules derive
    again (CONTRACT §5). A path named once is not named again by a later
    check; an answer that many others rest on is named once, as the cause.
    """
    if looks_like_answers_file(bank, data):
        return [
            Problem(
                "",
                "this looks like an answers file, not a filing record: use `summary --answers` or `run --answers` "
                "(which writes its record)",
                "这看起来是回答文件而不是备案记录：请使用 `summary --answers` 或 `run --answers`（生成其备案记录）",
                file=file,
            )
        ], {}
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and 0 < version < SCHEMA_VERSION:
        # A record an older version wrote lacks parts this one derives: one line, not one per missing part,
        # with what the rules have changed since, so that a reader knows why it would differ.
        counted = _answers_in(bank, data, file).counted
        since, since_zh = (rules_line(bank, data, counted, lang) or "" for lang in ("en", "zh"))
        return [
            Problem(
                "schema_version",
                f"a record of schema version {version}, written by an older filing-assistant: write it again with "
                "`run --answers` or `export`, then validate that" + (f". {since}" if since else ""),
                f"这是旧版本备案助手写出的第 {version} 版记录：请用 `run --answers` 或 `export` 重新生成后再校验"
                + (f"。{since_zh}" if since_zh else ""),
                file=file,
            )
        ], {}
    answers = _answers_in(bank, data, file)
    # The answers' own checks say more than the schema's type names (the options allowed, the limit
    # passed), and an unknown key is better named with the id it most likely meant.
    checked_at = {p.where for p in answers.problems}
    unknown_at = {p.where for p in answers.unknown}
    problems = [
        p
        for p in schema_problems(bank, data, file)
        if not _under(p.where, checked_at) and not (p.what == _MESSAGES["extra_forbidden"] and p.where in unknown_at)
    ]
    named = {p.where for p in problems}
    problems += [p for p in answers.unknown if p.where not in named]
    problems += answers.problems
    problems += answers.causes
    # A table of answers that is no table (`subject = 5`) hides every answer in it.
    lost = any(p.what == _MESSAGES["model_type"] and p.where in bank.id_prefixes for p in problems)
    if answers.blocked or lost:
        problems.append(
            Problem(
                "",
                "roles, filings, the generative AI path, documents, obligations and todo are derived again from the "
                "answers once the problems above are fixed",
                "上述问题修正后，将根据回答重新推导角色、备案、生成式人工智能备案路径、文件、义务和待答问题",
                file=file,
            )
        )
        return problems, answers.good
    named = {p.where for p in problems}

    def report(where: str, what: str) -> None:
        # A place the checks above named, or one inside or around it, is not named again.
        if not _around(where, named):
            problems.append(Problem(where, what, file=file))
            named.add(where)

    _derived_problems(bank, data, answers, report)
    older = rules_line(bank, data, answers.counted)
    if problems and older:
        # Said first, so that a reader knows why the derived parts differ (CONTRACT §5).
        problems.insert(0, Problem("rules_as_of", older, rules_line(bank, data, answers.counted, "zh") or older, file=file))
    return problems, answers.good


def answers_from_record(bank: QuestionBank, data: Mapping[str, Any], file: str = "") -> dict[str, Any]:
    """The answers a record was made from, checked as an answers file is; BadInput naming every problem in the record."""
    problems, answers = record_problems(bank, data, file)
    if problems:
        raise BadInput(problems)
    return answers


def validated_record(bank: QuestionBank, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record file and the answers in it; BadInput listing every problem with its TOML path."""
    data = read_toml(path)
    return data, answers_from_record(bank, data, str(path))
