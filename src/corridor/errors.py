"""The one exception type that reaches users as a readable message (exit code 2)."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input or a malformed data table.

    The CLI prints ``str(error)`` on one line and exits with code 2; it never shows a
    traceback. Name the file, the field and the problem in the message.

    Examples
    --------
    >>> str(InputError("scenario.yaml: lifetimes.Cars.mean: must be positive"))
    'scenario.yaml: lifetimes.Cars.mean: must be positive'
    """


class CheckError(Exception):
    """A model invariant failed (stock balance, regions sum to World, ...).

    This is a bug or an inconsistent data set, never a warning.
    """
