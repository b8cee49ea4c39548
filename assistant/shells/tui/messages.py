"""What screens ask of the app: posted up, handled by `FilingApp` (a screen never calls the app's methods)."""

from __future__ import annotations

from textual.message import Message


class OpenInterview(Message):
    """Open a saved interview (or create one) in the chat, closing the one open now."""

    def __init__(self, name: str, *, lang: str | None = None, create: bool | None = None):
        super().__init__()
        self.name = name
        self.lang = lang
        """The language of a new interview; a saved one keeps its own."""
        self.create = create
        """True: a new interview; False: a saved one; None: either."""


class NewInterview(Message):
    """Ask the name and language of a new interview, then open it."""


class GoHome(Message):
    """Back to the list of saved interviews; the open one is saved already and is released."""


class ShowSummary(Message):
    """The summary of the open interview; `export`: then ask where to write the record."""

    def __init__(self, export: bool = False):
        super().__init__()
        self.export = export


class ShowReview(Message):
    """The review of every answer of the open interview."""


class ShowHelp(Message):
    """Help: why the question on screen is asked, the keys, the glossary."""


class NextAlgorithm(Message):
    """Start the interview of the next algorithm of the service of `name` (one filing per algorithm) and open it."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name


class ChatLive(Message):
    """The chat takes acts for the first time: its first question is drawn. Keys typed before it (over the cover)
    are given to it now, in the order they were typed."""
