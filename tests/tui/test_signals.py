"""The full-screen assistant in a real (pseudo-)terminal: when the terminal closes or the process is told to end,
what is typed at the prompt is kept, everything is saved and the interview is released."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from assistant.saved.store import Store
from conftest import COMPLETE
from driver import answers_of, save

ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


def screen_text(raw: bytes) -> str:
    """What a terminal shows, roughly: the output without its control sequences."""
    return ANSI.sub(b"", raw).decode("utf-8", "replace")


def read_until(fd: int, proc: subprocess.Popen, wanted: str, seen: bytearray, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while wanted not in screen_text(bytes(seen)):
        if time.monotonic() > deadline or proc.poll() is not None:
            raise AssertionError(f"{wanted!r} never showed; the screen had: {screen_text(bytes(seen))[-2000:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the terminal closed under us
                break


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_keeps_what_is_typed_saves_and_exits(home: Path, signum: int):
    answers = {k: v for k, v in answers_of(COMPLETE).items() if k != "algorithm.name"}
    save(home, answers)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "resume", "acme"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        read_until(master, proc, "What is the algorithm called?", seen)
        os.write(master, "小智 v2".encode())
        read_until(master, proc, "小智 v2", seen)
        proc.send_signal(signum)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert code == 128 + signum
    saved = Store(home).read("acme")
    assert saved.drafts == {"algorithm.name": "小智 v2"}
    assert saved.position == ["algorithm.name"]
    assert "algorithm.name" not in saved.answers
    with Store(home).lock("acme"):  # released: another window may open it now
        pass
