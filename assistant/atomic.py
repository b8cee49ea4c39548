"""Safe file I/O: atomic writes (a reader or a crash sees the old file or the new, never half of one), and bounded reads."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from assistant.errors import BadInput


_SPECIAL = (
    (stat.S_ISDIR, "a folder", "文件夹"),
    (stat.S_ISFIFO, "a named pipe (FIFO)", "命名管道（FIFO）"),
    (stat.S_ISCHR, "a device", "设备"),
    (stat.S_ISBLK, "a device", "设备"),
    (stat.S_ISSOCK, "a socket", "套接字"),
)


def kind_of(mode: int) -> tuple[str, str]:
    """What a file that is not a regular one is, in English and Chinese."""
    return next(((en, zh) for test, en, zh in _SPECIAL if test(mode)), ("not a regular file", "非普通文件"))


def write_atomic(path: Path, data: bytes | Iterable[bytes], mode: int = 0o600) -> None:
    """Write `data` to `path` so that a reader or a crash sees the old file or the new, never half of one.

    `data` may come in parts (a long report written as it is made, never held whole). Only a regular
    file (or none) is replaced: a folder, FIFO, device or socket at `path` is refused, never swapped
    for a file.
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise BadInput.one(str(path), f"cannot write here: {error.strerror}", f"无法写入：{error.strerror}") from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        en, zh = kind_of(found.st_mode)
        raise BadInput.one(str(path), f"is {en}: not written over", f"是{zh}：不会被覆盖")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise BadInput.one(str(path), "the folder does not exist", "文件夹不存在") from None
    except OSError as error:
        raise BadInput.one(str(path), f"cannot write here: {error.strerror}", f"无法写入：{error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), mode)
            for part in (data,) if isinstance(data, bytes) else data:
                out.write(part)
            out.flush()
            # fsync before the rename: otherwise a power cut can leave the new
            # name pointing at blocks that were never written.
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if found is None:  # there was no previous version to keep
            raise BadInput.one(str(path), f"could not save: {error.strerror}", f"无法保存：{error.strerror}") from None
        raise BadInput.one(
            str(path), f"could not save: {error.strerror}; the previous version is intact", f"无法保存：{error.strerror}；之前的版本完好无损"
        ) from None
    except BaseException:
        # The parts stopped coming (an interrupt): no half-written temporary file is left behind.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class NotRegular(OSError):
    """A path that is no regular file (a folder, FIFO, device, socket): refused before any byte is read."""

    def __init__(self, mode: int):
        super().__init__(f"not a regular file (mode {stat.filemode(mode)})")
        self.mode = mode


class TooLarge(OSError):
    """A file over the limit of what its reader takes (`/dev/zero` is refused as a device already)."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"{size:,} bytes, over the limit of {limit:,}")
        self.size = size
        self.limit = limit


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes, and what fstat said of it.

    Opened without blocking (a FIFO with no writer would wait forever) and
    looked at through the open descriptor before a byte is read, so what is
    checked is what is read; the read stops past `limit` even if the file grew.
    Raises NotRegular, TooLarge, or the OSError of opening or reading.
    """
    flags = os.O_RDONLY
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_BINARY") + (() if follow_links else ("O_NOFOLLOW",)):
        flags |= getattr(os, name, 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(info.st_mode)
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew after we looked
            raise TooLarge(size, limit)
        return b"".join(chunks), info
    finally:
        os.close(fd)


LEFTOVER_AGE = 60.0
"""Seconds after which a temporary file of write_atomic beside an output is a kill's leftover, not a write under way."""


def remove_leftovers(path: Path, older_than: float = LEFTOVER_AGE) -> list[Path]:
    """The temporary files write_atomic left beside `path` when a kill stopped it (`.NAME.XXXXXXXX.tmp`), removed.

    Only those of this very name (never those of `NAME.b`), and only those untouched for `older_than`
    seconds: another process writing the same output at this moment keeps its own.
    """
    import re
    import time

    folder = path.parent if str(path.parent) else Path(".")
    own = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]+\.tmp")
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not own.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= older_than:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed
