"""The user's corridor data folder: fetched data (and, later, the project registry).

``$CORRIDOR_HOME`` if set, else the platform's user data folder (``~/.local/share/corridor``
on Linux). Nothing is created until something is written there.

>>> (data_home() / "trade").name
'trade'
"""

from __future__ import annotations

import os
from pathlib import Path


def data_home() -> Path:
    """The folder of the user's fetched data (not created here)."""
    if os.environ.get("CORRIDOR_HOME"):
        return Path(os.environ["CORRIDOR_HOME"]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("corridor", appauthor=False)
