"""The live findings panel: progress, sections, roles, filings and obligations, and why each holds."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from assistant.dialog.interview import Interview, View
from assistant.files.summary import MARK, Citer, label, role_title
from assistant.shells.tui.text import t


class FindingsPanel(Vertical):
    """Rebuilt from the engine after every act (the screen calls `show`); selecting a finding shows its reason, trigger, basis and status."""

    def __init__(self, interview: Interview, **kwargs):
        super().__init__(**kwargs)
        self.interview = interview
        self._details: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="findings-title", classes="panel-title")
        yield ProgressBar(total=100, show_eta=False, id="progress")
        yield Static(id="sections")
        yield OptionList(id="finding-list")
        with VerticalScroll(id="finding-detail-box"):
            yield Static(id="finding-detail")

    def show(self, view: View) -> None:
        """Render the engine's assessment after an act, and mark the section `view` asks in."""
        iv = self.interview
        lang = view.lang
        a = iv.assessment
        bank = iv.bank
        self.query_one("#findings-title", Static).update(t("findings", lang))
        self.query_one("#progress", ProgressBar).update(progress=view.percent)
        self.query_one("#sections", Static).update(_sections(iv, view))

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
            return [f"  • {escape(entry)}" for entry in because]

        heading("roles")
        for role, holds in a.roles.items():
            if holds:
                key = f"role.{role}"
                options.append(Option(f"●\u00a0{escape(role_title(bank, role, lang))}", id=key))
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
            options.append(Option(f"[dim]{escape(none)}[/]", id="filing.none", disabled=True))
        for role, reasons in a.filings.items():
            key = f"filing.{role}"
            title = role_title(bank, role, lang)
            if role in a.open_filings:
                title = label("open_filing", lang) + ("：" if lang == "zh" else ": ") + title
            options.append(Option(f"▣\u00a0{escape(title)}", id=key))
            details[key] = "\n".join(
                [f"[b]{escape(role_title(bank, role, lang))}[/]", ""] + [f"• {escape(bank.readings[r](lang))}" for r in reasons]
            )
        heading("obligations")
        cite = Citer(lang)  # the articles that bind this filer, in Chinese on a Chinese screen (RULES §1)
        for o in a.obligations:
            text = bank.obligations[o.id]
            key = f"obligation.{o.id}"
            flag = f" [red b]{t('overdue', lang)}[/]" if o.overdue else ""
            options.append(Option(f"{MARK[o.status]}\u00a0{escape(text.title(lang))}{flag}", id=key))
            lines = [
                f"[b]{escape(text.title(lang))}[/]",
                "",
                escape(text.why(lang)),
                "",
                f"{t('status', lang)}: [b]{label(f'status_{o.status}', lang)}[/]",
                f"{t('basis', lang)}: " + escape(("；" if lang == "zh" else "; ").join(cite(b) for b in (o.basis or text.basis))),
            ]
            if o.deadline:
                lines.append(f"{t('deadline', lang)}: {o.deadline.isoformat()}{flag}")
            lines += ["", f"{t('because', lang)}:"] + because_lines(o.because)
            details[key] = "\n".join(lines)
        if a.notes:
            heading("notes")
            for n in a.notes:
                key = f"note.{n}"
                options.append(Option(f"⚠\u00a0{escape(_first_words(bank.readings[n](lang)))}", id=key))
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
        self.query_one("#finding-detail", Static).update(text)


def _sections(iv: Interview, view: View) -> str:
    """Each section with questions that apply, its answered share, the one asked now marked: from the engine's review."""
    counts: dict[str, list[int]] = {}
    for row in iv.review():
        if row.section and row.state != "set_aside":
            done = counts.setdefault(row.section, [0, 0])
            done[0] += row.state == "answered"
            done[1] += 1
    current = view.ask.section if view.ask else None
    lines = []
    for section, (answered, applies) in counts.items():
        mark = "▶" if section == current else ("✓" if answered == applies else " ")
        lines.append(f"{mark} {escape(section)}  [dim]{answered}/{applies}[/]")
    return "\n".join(lines)


def _first_words(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
