"""The contract every bad input meets (issue: hostile input and data safety).

One line on the terminal, ``error: `` then the file, the field and the problem; exit code
2; no traceback; nothing written to ``--out``; a previous output left as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from corridor.cli import app

runner = CliRunner()


def refused(args: list[str], code: int = 2) -> str:
    """Run the CLI with ``args``; assert the contract; return the message."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}\n{result.output}")
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and "Traceback" not in result.output
    return lines[0].removeprefix("error: ")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


