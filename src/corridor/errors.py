"""Errors and warnings: InputError (bad user input, exit code 2), CheckError (a failed
invariant, exit code 1) and CorridorWarning."""

from __future__ import annotations

import re


class InputError(Exception):
    """Bad user input or a malformed data table.

    The CLI prints ``str(error)`` on one line and exits with code 2; it never shows a
    traceback. Name the file, the field and the problem in the message.

    Examples
    --------
    >>> str(InputError("scenario.yaml: lifetimes.Cars.mean: must be positive"))
    'scenario.yaml: lifetimes.Cars.mean: must be positive'
    """


class NotFound(InputError):
    """What the input names does not exist (a project id): HTTP 404 in the web app."""


class Invalid(InputError):
    """A record whose fields do not validate (a project): HTTP 422 in the web app."""


class Conflict(InputError):
    """The input clashes with what is stored (a taken id, a stale version): HTTP 409."""


def one_line(text: str) -> str:
    """``text`` with control characters escaped (a key with a newline stays on its line).

    >>> one_line("a\\nb")
    'a\\\\nb'
    """
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], text)


class CheckError(Exception):
    """A model invariant failed (stock balance, regions sum to World, ...).

    This is a bug or an inconsistent data set, never a warning.
    """


class CorridorWarning(UserWarning):
    """Something a user should know about a run that is not an error (e.g. a path that
    goes down and up again after merging a scenario's anchors with the base's). Recorded
    among the run's notes, printed by the CLI and kept in the workbook's meta sheet."""


def note_warning(notes: list[str], message: str) -> None:
    """Record ``message`` among a scenario's notes and raise it as a :class:`CorridorWarning`."""
    import warnings

    notes.append(f"warning: {message}")
    warnings.warn(message, CorridorWarning, stacklevel=3)
