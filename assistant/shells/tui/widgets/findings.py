"""The live findings panel: progress, sections, roles, filings and obligations, and why each holds."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from assistant.dialog.interview import Interview, View
from assistant.files.summary import MARK, Citer, label, reason_text, recommends_only, role_title
from assistant.shells.tui.text import colon, t
from assistant.shells.tui.widgets.lines import Lines


class FindingsPanel(Vertical):
    """Rebuilt from the engine after an act (the screen calls `show`) when what it says changed; selecting a finding
    shows its reason, trigger, basis and status. Titles wrap whole under their mark; the list scrolls."""

    def __init__(self, interview: Interview, **kwargs):
        super().__init__(**kwargs)
        self.interview = interview
        self._details: dict[str, str] = {}
        self._shown: tuple | None = None
        self._sections = ""

    def compose(self) -> ComposeResult:
        yield Static(id="findings-title", classes="panel-title")
        yield ProgressBar(total=100, show_eta=False, id="progress")
        yield Static(id="sections")
        yield Static(id="legend")
        yield OptionList(id="finding-list")
        with VerticalScroll(id="finding-detail-box"):
            yield Static(id="finding-detail")

    def show(self, view: View) -> None:
        """Render the engine's assessment after an act, and mark the section `view` asks in."""
        iv = self.interview
        lang = view.lang
        progress = self.query_one("#progress", ProgressBar)
        if progress.progress != view.percent:
            progress.update(progress=view.percent)
        sections = _sections(iv, view)
        if sections != self._sections:
            self._sections = sections
            self.query_one("#sections", Static).update(sections)
        a = iv.assessment
        # The list is built again only when what it says changed: most answers change no finding.
        shown = (lang, a.roles, a.role_because, a.filings, a.open_filings, a.undecided, a.obligations, a.notes)
        if shown == self._shown:
            return
        self._shown = shown
        bank = iv.bank
        self.query_one("#findings-title", Static).update(t("findings", lang))
        self.query_one("#legend", Static).update(
            "  ".join(f"{mark} {escape(label(f'status_{status}', lang))}" for status, mark in (("open", "?"), ("gap", "✗"), ("met", "✓")))
        )

        listing = self.query_one("#finding-list", OptionList)
        highlighted = listing.highlighted_option.id if listing.highlighted_option else None
        options: list[Option | None] = []
        details: dict[str, str] = {}

        def heading(key: str) -> None:
            if options:
                options.append(None)
            options.append(Option(f"[b]{t(key, lang)}[/]", id=f"h.{key}", disabled=True))

        def because_lines(because: list[str]) -> list[str]:
            # The answers behind a finding, as the rules and `filing-assistant summary` state them.
            return [f"  • {escape(reason_text(bank, entry, lang))}" for entry in because]

        heading("roles")
        for role, holds in a.roles.items():
            if holds:
                key = f"role.{role}"
                options.append(Option(_marked("●", role_title(bank, role, lang)), id=key))
                details[key] = "\n".join(
                    [f"[b]{escape(role_title(bank, role, lang))}[/]", "", f"{t('because', lang)}:"]
                    + because_lines(a.role_because.get(role, []))
                )
        if not any(a.roles.values()):
            options.append(Option(f"[dim]{t('none', lang)}[/]", id="role.none", disabled=True))
        heading("filings")
        if not a.filings:
            # Nothing owed yet is not "no filing owed" while a deciding question waits (RULES §2-§4).
            none = label("undecided", lang, questions=", ".join(a.undecided)) if a.undecided else t("no_filings", lang)
            options.append(Option(Text(none, style="dim"), id="filing.none", disabled=True))
        for role, reasons in a.filings.items():
            key = f"filing.{role}"
            title = role_title(bank, role, lang)
            if role in a.open_filings:
                title = label("open_filing", lang) + colon(lang) + title
            options.append(Option(_marked("▣", title), id=key))
            details[key] = "\n".join(
                [f"[b]{escape(role_title(bank, role, lang))}[/]", ""] + [f"• {escape(bank.readings[r](lang))}" for r in reasons]
            )
        heading("obligations")
        for o in a.obligations:
            text = bank.obligations[o.id]
            key = f"obligation.{o.id}"
            overdue = t("overdue", lang) if o.overdue else ""
            options.append(Option(_marked(MARK[o.status], text.title(lang), overdue), id=key))
            flag = f" [red b]{escape(overdue)}[/]" if overdue else ""
            cite = Citer(lang)  # the articles that bind this filer, in Chinese on a Chinese screen (RULES §1)
            lines = [
                f"[b]{escape(text.title(lang))}[/]",
                "",
                escape(text.why_for(lang, recommends_only(a))),
                "",
                f"{t('status', lang)}{colon(lang)}[b]{label(f'status_{o.status}', lang)}[/]",
                f"{t('basis', lang)}{colon(lang)}" + escape(("；" if lang == "zh" else "; ").join(cite(b) for b in (o.basis or text.basis))),
            ]
            if o.deadline:
                lines.append(f"{t('deadline', lang)}{colon(lang)}{o.deadline.isoformat()}{flag}")
            lines += ["", f"{t('because', lang)}{colon(lang).rstrip()}"] + because_lines(o.because)
            details[key] = "\n".join(lines)
        if a.notes:
            heading("notes")
            for n in a.notes:
                key = f"note.{n}"
                options.append(Option(_marked("⚠", bank.readings[n](lang)), id=key))
                details[key] = f"[b]{t('unsettled', lang)}[/]\n\n{escape(bank.readings[n](lang))}"

        self._details = details
        listing.clear_options()
        listing.add_options(options)
        if highlighted and highlighted in details:
            listing.highlighted = listing.get_option_index(highlighted)
        self._show(highlighted)

    @on(OptionList.OptionHighlighted, "#finding-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    def _show(self, key: str | None) -> None:
        text = self._details.get(key or "") or f"[dim]{t('select_finding', self.interview.lang)}[/]"
        self.query_one("#finding-detail", Static).update(Lines.from_markup(text))  # no line starts with 、，。


def _marked(mark: str, title: str, flag: str = "") -> Table:
    """A finding as its mark and its whole title, wrapped under itself (a hanging indent) in either language."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, width=1)
    grid.add_column(ratio=1, overflow="fold")
    words = Text(title)
    if flag:
        words.append(" " + flag, style="bold red")
    grid.add_row(mark, words)
    return grid


def _sections(iv: Interview, view: View) -> str:
    """Each section with questions that apply, its answered share, the one asked now marked.

    Counted as the engine's review counts ("answered": given, not "not sure", not an unfinished list), from the
    questions that apply, without putting every answer into words as the review does.
    """
    counts: dict[str, list[int]] = {}
    for question in iv.asked():
        done = counts.setdefault(iv.bank.section(question.section).title(view.lang), [0, 0])
        done[0] += not iv.is_open(question)
        done[1] += 1
    current = view.ask.section if view.ask else None
    lines = []
    for section, (answered, applies) in counts.items():
        mark = "▶" if section == current else ("✓" if answered == applies else " ")
        lines.append(f"{mark} {escape(section)}  [dim]{answered}/{applies}[/]")
    return "\n".join(lines)
