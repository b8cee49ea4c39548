"""The filing record (CONTRACT §5): build it, write it as TOML, read it back, validate it with TOML paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field as PydanticField, ValidationError, create_model

from assistant import __version__
from assistant.files.answers import checked_answers, flatten, read_toml
from assistant.errors import BadInput, Problem
from assistant.law.questions import UNSURE_WRITTEN, Field, QuestionBank, to_file
from assistant.law.rules import ROLE_KEYS, Assessment, assess

SCHEMA_VERSION = 1
FACT_SECTIONS = ("scope", "role")
"""Sections whose answers decide roles; the record keeps them together in [facts] (CONTRACT §3)."""
FORM_TABLES = ("subject", "algorithm", "products", "technical_support")
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
) -> dict[str, Any]:
    """The record as a dict in the contract's order, ready for tomli-w."""
    a = assessment or assess(bank, answers)
    _, counted = bank.effective(answers)
    facts_ids = set(fact_ids(bank))
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0),
        "tool_version": __version__,
        "notice": bank.readings["not_legal_advice"](lang),
        # TOML puts a table's plain keys before its sub-tables, so `todo`, last
        # in the contract's list, is written here, among the top-level keys.
        "todo": list(a.todo),
        "facts": {q: to_file(counted[q]) for q in bank.by_id if q in facts_ids and q in counted},
        "roles": {key: a.roles[key] for key in ROLE_KEYS},
        "filings": [
            {"role": role, "reasons": [bank.readings[r](lang) for r in reasons]} for role, reasons in a.filings.items()
        ],
    }
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
                "covers": bank.obligations[oid].why(lang),
                "basis": list(bank.obligations[oid].basis),
            }
            for key, oid in DOCUMENTS.items()
        }
    record["obligations"] = []
    for o in a.obligations:
        entry: dict[str, Any] = {
            "id": o.id,
            "title": bank.obligations[o.id].title(lang),
            "basis": list(bank.obligations[o.id].basis),
            "because": o.because,
            "status": o.status,
        }
        if o.deadline:
            entry["deadline"] = o.deadline
            entry["overdue"] = o.overdue
        record["obligations"].append(entry)
    return record


def record_toml(record: Mapping[str, Any]) -> str:
    import tomli_w  # ~3 ms; only the commands that write a record need it

    return tomli_w.dumps(record)


# --- The schema -------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Status = Literal["met", "gap", "open"]


class FilingEntry(_Strict):
    role: Literal[
        "deep_synthesis_provider", "deep_synthesis_technical_supporter", "algorithm_recommendation_provider"
    ]
    """The role in which this separate filing is made."""
    reasons: list[str]
    """Why it is owed, in plain words."""


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
            "notice": (str, ...),
            "todo": (list[str], ...),
            "facts": (facts, ...),
            "roles": (Roles, ...),
            "filings": (list[FilingEntry], ...),
            **tables,
            "documents": (dict[Literal[tuple(DOCUMENTS)], DocumentEntry] | None, None),  # type: ignore[misc]
            "obligations": (list[ObligationEntry], ...),
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


def toml_path(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a TOML path: `obligations[2].status`, `facts."scope.audience"`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "." in str(part) or not str(part).replace("_", "").isalnum():
            path += f'."{part}"' if path else f'"{part}"'
        else:
            path += f".{part}" if path else str(part)
    return path


def _problem(error: Mapping[str, Any], file: str) -> Problem:
    # Unions report one error per member; the member name in the location adds nothing for a user.
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p in ("bool", "str", "date", "int", "float"))))
    kind = error["type"]
    if kind == "literal_error":
        what = f"expected one of: {error['ctx']['expected']}"
    else:
        what = _MESSAGES.get(kind, error["msg"])
    return Problem(toml_path(loc), what, file=file)


def schema_problems(bank: QuestionBank, data: Mapping[str, Any], file: str = "") -> list[Problem]:
    try:
        record_model(bank).model_validate(data)
    except ValidationError as error:
        seen: dict[str, Problem] = {}
        for item in error.errors(include_url=False):
            problem = _problem(item, file)
            # A union reports one error per member; one line per path is enough.
            seen.setdefault(problem.where, problem)
        return list(seen.values())
    return []


def answers_from_record(bank: QuestionBank, data: Mapping[str, Any], file: str = "") -> dict[str, Any]:
    """The answers a record was made from, checked like an answers file."""
    problems: list[Problem] = []
    raw: dict[str, Any] = dict(data.get("facts", {}))
    raw.update(flatten(bank, {k: data[k] for k in FORM_TABLES if k in data}, problems, file))
    if problems:
        raise BadInput(problems)
    facts = set(fact_ids(bank))
    try:
        return checked_answers(bank, raw, file)
    except BadInput as error:
        raise BadInput(
            [
                Problem(f'facts."{p.where}"' if p.where in facts else p.where, p.what, p.what_zh, file=p.file)
                for p in error.problems
            ]
        ) from None


def validated_record(bank: QuestionBank, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record file and the answers in it; BadInput listing every problem with its TOML path."""
    file = str(path)
    data = read_toml(path)
    problems = schema_problems(bank, data, file)
    if problems:
        raise BadInput(problems)
    answers = answers_from_record(bank, data, file)
    roles = assess(bank, answers).roles
    mismatched = [
        Problem(f"roles.{key}", f"the facts imply {str(roles[key]).lower()}", file=file)
        for key in ROLE_KEYS
        if data["roles"][key] != roles[key]
    ]
    if mismatched:
        raise BadInput(mismatched)
    return data, answers
