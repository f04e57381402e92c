"""Limits on what corridor accepts, so that bad input costs bounded work, and the reader
of a user's text file that applies them.

Each is refused with one line naming the limit (see ``tests/hostile``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from corridor.errors import InputError

#: largest scenario file (bytes); the built-ins are under 3 kB, and at this size the
#: worst file (16,000 unknown keys) is refused in a fraction of a second
YAML_BYTES = 250_000
#: deepest nesting of mappings and lists in a scenario file; the schema needs 7
YAML_DEPTH = 12
#: largest data table replacing a shipped one (bytes); the largest shipped is under 1 MB
TABLE_BYTES = 50_000_000
#: most Monte Carlo draws a run takes (a million take 2.5-3.5 minutes a scenario on two
#: cores: benchmarks/test_memory.py)
MAX_DRAWS = 10_000_000


def read_text(path: Path, label: str, max_bytes: int = YAML_BYTES) -> str:
    """A regular file's UTF-8 text: one :class:`InputError` naming ``label`` if it is not
    a regular file, is larger than ``max_bytes``, is not UTF-8 or holds a NUL byte."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{label}: file not found") from None
    except OSError as err:
        raise InputError(f"{label}: cannot read file ({err.strerror})") from None
    info = os.fstat(fd)
    problem = ("is a folder, not a file" if stat.S_ISDIR(info.st_mode) else
               "not a regular file" if not stat.S_ISREG(info.st_mode) else
               f"file is {info.st_size:,} bytes; the limit is {max_bytes:,}"
               if info.st_size > max_bytes else None)
    if problem:
        os.close(fd)
        raise InputError(f"{label}: {problem}")
    try:
        with os.fdopen(fd, "rb") as file:
            raw = file.read(max_bytes + 1)
    except OSError as err:
        raise InputError(f"{label}: cannot read file ({err.strerror})") from None
    if len(raw) > max_bytes:
        raise InputError(f"{label}: file is over the limit of {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise InputError(f"{label}: line {line}: not UTF-8 text (byte "
                         f"0x{raw[err.start]:02x})") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(f"{label}: line {line}: contains a NUL byte")
    return text
