"""Files of derived data kept between runs (the question bank as JSON, a year of the working-day calendar, the
first screen of a new interview): where they live, and how one is written and trusted again.

A cache folder may be shared or badly set up (FILING_ASSISTANT_CACHE=/tmp/x): whoever can
put a file there must not be able to change what the assistant says. So a cache holds data,
never code (JSON, not pickle), and is read only when the file itself, not a link to it, is a
regular file of this user, mode 0600 as we write it, with no other name (a hard link
planted by someone else). What it holds names what it was made from, and a hash of it
catches a torn or damaged file; anything else is ignored and rebuilt.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def cache_folder() -> Path:
    """Where derived data may be kept: FILING_ASSISTANT_CACHE, else the platform's user cache folder."""
    configured = os.environ.get("FILING_ASSISTANT_CACHE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("filing-assistant", appauthor=False))


def read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of a cache file this user wrote and only this user may change; None for anything else."""
    from assistant.atomic import read_regular

    try:
        raw, info = read_regular(path, limit, follow_links=False)  # a symbolic link fails to open (ELOOP)
    except OSError:  # also NotRegular and TooLarge
        return None
    geteuid = getattr(os, "geteuid", None)
    # Ours are written 0600 (mkstemp), with one name: any bit for group or others, or a second link,
    # means someone else's hand.
    if info.st_nlink != 1 or (geteuid is not None and (info.st_uid != geteuid() or info.st_mode & 0o077)):
        return None
    return raw


def write_private(path: Path, data: bytes) -> bool:
    """Write a cache file readable and writable by this user only (0600), atomically; False if it cannot be."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
        try:
            # No fsync: a cache torn by a power cut fails its hash and is rebuilt.
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)  # replaces a link planted at `path`, never what it points to
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False  # a cache that cannot be written only costs time
    return True


def owned_by_me(path: Path) -> bool:
    """Whether `path` itself (not what a link points to) belongs to this user: the only files we delete."""
    geteuid = getattr(os, "geteuid", None)
    try:
        return geteuid is None or path.lstat().st_uid == geteuid()
    except OSError:
        return False


def sealed(header: dict[str, Any], body: bytes) -> bytes:
    """A cache file: one line of JSON naming what it was made from and the hash of the body, then the body."""
    import hashlib
    import json

    header = {**header, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header, sort_keys=True).encode("ascii") + b"\n" + body


def unsealed(raw: bytes, header: dict[str, Any]) -> bytes | None:
    """The body of a cache file written by `sealed` with this `header`; None if it was made from anything else or is damaged."""
    import hashlib
    import json

    first, newline, body = raw.partition(b"\n")
    if not newline:
        return None
    try:
        found = json.loads(first)
    except ValueError:
        return None
    if found != {**header, "sha256": hashlib.sha256(body).hexdigest()}:
        return None
    return body
