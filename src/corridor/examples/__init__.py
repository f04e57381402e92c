"""Small data sets for trying corridor and for tests of code.

:func:`small_world` replaces the facility registry and world supply by a handful of
round-number rows (``examples/small_world/*.csv``: ten plants in Canada, Korea and the
United States; five minerals and stages of world output), so that a test of the supply side
can be checked by hand and does not change when the shipped registry gains a row. The demand
side keeps the shipped tables.

Examples
--------
>>> import corridor
>>> from corridor.examples import small_world
>>> r = corridor.run("STEPS", data=small_world())
>>> float(r.capacity.capacity.sel(scenario="STEPS", region="Canada", product="Cell|NCM",
...                               year=2030))
10.0
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from corridor.data import Data

FOLDER = Path(str(resources.files("corridor") / "examples" / "small_world"))


def small_world() -> Data:
    """The shipped data with the small registry and world supply of ``examples/small_world``."""
    return Data(FOLDER)
