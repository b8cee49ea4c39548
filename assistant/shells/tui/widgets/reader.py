"""A long text to read: Markdown that scrolls by keys and wheel, with a table of contents and keys to jump between sections."""

from __future__ import annotations

from functools import cache

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import MarkdownViewer
from textual.widgets.markdown import Markdown, MarkdownBlock, MarkdownTableOfContents

from assistant.shells.tui.widgets.lines import Lines


class _Broken:
    """A Markdown block whose text is broken into lines by `Lines`, as the chat's: no line starts with 、，。"""

    def set_content(self, content: Content) -> None:
        super().set_content(content)  # type: ignore[misc]
        self.update(Lines(content))  # type: ignore[attr-defined]


@cache
def _broken(block: type[MarkdownBlock]) -> type[MarkdownBlock]:
    # A subclass keeps its base's name for CSS (MarkdownParagraph, MarkdownH2...), so it is styled as Textual's.
    return type(block.__name__, (_Broken, block), {})


class BrokenMarkdown(Markdown):
    """Textual's Markdown, each block's text broken by `Lines`."""

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        return _broken(super().get_block_class(block_name))


class Reader(MarkdownViewer):
    """A MarkdownViewer that opens focused, so the arrows, Page Up/Down, Home and End scroll it at once, and jumps
    to the next or previous heading (`next_section`, `previous_section`)."""

    shown: str | None = None
    """The Markdown on screen, once it is all laid out."""

    def compose(self) -> ComposeResult:
        # MarkdownViewer's own, with the document's lines broken as Chinese is set.
        markdown = BrokenMarkdown()  # a Reader is made with MarkdownViewer's own parser and links
        markdown.can_focus = True
        yield markdown
        yield MarkdownTableOfContents(markdown)

    async def show(self, markdown: str) -> None:
        """Show `markdown` from its top, focused; `shown` is set once it is laid out."""
        self.shown = None
        await self.document.update(markdown)
        self.scroll_home(animate=False)
        self.document.focus()
        self._settle(markdown)

    def _settle(self, markdown: str, before: object = None, refreshes: int = 10) -> None:
        """Say the text is shown once it has its height: its blocks are measured a refresh after they are mounted,
        and the list of sections beside them takes its width (and narrows the text) a refresh or two later. Until
        then End would stop short of the end."""
        now = (self.table_of_contents.size, self.document.size, self.virtual_size)
        if (now == before and self.document.size.height) or not refreshes:
            self.scroll_home(animate=False)
            self.shown = markdown
        else:
            self.call_after_refresh(self._settle, markdown, now, refreshes - 1)

    def _headings(self) -> list[int]:
        """Where each section's heading starts, in lines from the top of the document (the title is no section)."""
        document: Markdown = self.document
        top = document.virtual_region.y
        found = []
        for level, _, block_id in document.table_of_contents:
            for block in document.query(f"#{block_id}"):
                if level > 1:
                    found.append(top + block.virtual_region.y)
        return sorted(found)

    def next_section(self) -> None:
        here = round(self.scroll_y)
        following = [y for y in self._headings() if y > here]
        if following:
            self.scroll_to(y=following[0], animate=False)
        else:
            self.scroll_end(animate=False)

    def previous_section(self) -> None:
        here = round(self.scroll_y)
        before = [y for y in self._headings() if y < here]
        self.scroll_to(y=before[-1] if before else 0, animate=False)
