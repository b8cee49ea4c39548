"""Atomic writes: a reader or a crash sees the old file or the new, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from assistant.errors import BadInput


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` so that a reader or a crash sees the old file or the new, never half of one."""
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
            out.write(data)
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
        raise BadInput.one(
            str(path), f"could not save: {error.strerror}; the previous version is intact", f"无法保存：{error.strerror}；之前的版本完好无损"
        ) from None
