"""Units at the edges: one pint registry, used only where results leave the model.

Model arrays carry their unit in ``attrs["units"]`` (``kt/yr``, ``GWh/yr``, ``vehicle``).
Note ``kt`` is kilotonne here, not pint's knot.

>>> factor("kt/yr", "t/yr")
1000.0
>>> factor("GWh * kg/kWh", "kt")
1.0
"""

from __future__ import annotations

from functools import cache


@cache
def registry():
    import pint  # imported lazily: only outputs convert units

    ureg = pint.UnitRegistry(on_redefinition="ignore")
    ureg.define("kt = 1000 * metric_ton")
    ureg.define("vehicle = [vehicle]")
    return ureg


@cache
def factor(source: str, target: str) -> float:
    """Multiplier converting a value in ``source`` units to ``target`` units."""
    return float(registry().Quantity(1.0, source).to(target).magnitude)
