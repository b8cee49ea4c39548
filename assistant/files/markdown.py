"""Text from the answers made safe to put in Markdown: it reads as the filer wrote it, never as markup.

A company, product or function name is the filer's text. Put into a Markdown
report as it is, `<script>` would be raw HTML, `[click](javascript:...)` a link,
`*` or `_` emphasis and `|` a new table cell. `text()` writes each character
Markdown or HTML would act on as an escape that renders as the character
itself (CommonMark backslash escapes; `<` as an entity), so that what a
renderer shows is what was typed, and nothing runs. Characters that only
format (a code span's backtick) are left as they are.
"""

from __future__ import annotations

import re

_ACTIVE = re.compile(r"[\\*|~<]|\](?=[(\[:])|(?<![^\W_])_|_(?![^\W_])|^#", re.MULTILINE)
"""What starts emphasis, a table cell, strikethrough or raw HTML; `]` where a link, an image, a reference
or its definition would follow (`](`, `][`, `]:`), so `[to complete]` stays as it is; `_` except inside a word
(`credit_code`, where CommonMark never reads emphasis); `#` at the start of a line (a heading)."""
_ENTITY = {"<": "&lt;"}
"""A backslash before `<` still lets some renderers read an autolink or a tag: an entity never does."""


def text(value: str, inline: bool = True) -> str:
    """`value` as literal Markdown text; `inline` (a table cell, a heading, one line of a list) folds its line
    breaks into spaces, which would otherwise end the cell or the line."""
    if inline and ("\n" in value or "\r" in value):
        value = " ".join(value.split("\n")).replace("\r", " ")
    return _ACTIVE.sub(lambda m: _ENTITY.get(m.group(), "\\" + m.group()), value)
