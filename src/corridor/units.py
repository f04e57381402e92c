"""Units at the edges: one pint registry, and conversions driven by each array's unit.

Model arrays carry their unit in ``attrs["units"]`` (``kt/yr``, ``GWh/yr``, ``vehicle/yr``);
code converts with :func:`factor` from those strings, never with a bare number.
Definitions beyond pint's own: ``kt`` is a kilotonne (not pint's knot); ``vehicle``,
``cell``, ``system`` (fuel-cell systems) and ``feed`` (tonnes processed by a recycler) are
counted things; ``million`` is 1e6, ``m2`` a square metre; ``Li``, ``Ni``, ``Co`` mark
contained elements (``t Ni/yr`` is tonnes of contained nickel) and ``LCE`` is lithium
carbonate equivalent, one tonne of which holds 0.187852 t of lithium (2 x 6.94 / 73.89,
IUPAC atomic weights), so that 1 t Li = 5.323 t LCE.

>>> factor("kt/yr", "t/yr")
1000.0
>>> factor("GWh * kg/kWh", "kt")
1.0
>>> round(factor("kt Li/yr", "kt LCE/yr"), 3)
5.323
"""

from __future__ import annotations

from functools import cache, lru_cache

DEFINITIONS = (
    "kt = 1000 * metric_ton",
    "vehicle = [vehicle] = vehicles",
    "cell = [cell] = cells",
    "system = [system] = systems",
    "feed = [feed]",
    "million = 1e6",
    "m2 = meter ** 2",
    "Li = [lithium]",
    "Ni = [nickel]",
    "Co = [cobalt]",
    "LCE = 0.187852 * Li",
    "USD = [currency]",
)
#: Element symbol of each mineral a unit can name as contained (``kt Li/yr``).
ELEMENT = {"Lithium": "Li", "Nickel": "Ni", "Cobalt": "Co"}


@cache
def registry():
    import pint  # imported lazily: ~0.2 s

    try:  # pint's parsed definitions cached on disk: 0.02 s instead of 0.4 s a process
        ureg = pint.UnitRegistry(on_redefinition="ignore", cache_folder=":auto:")
    except OSError:  # no writable cache folder
        ureg = pint.UnitRegistry(on_redefinition="ignore")
    for definition in DEFINITIONS:
        ureg.define(definition)
    return ureg


@cache
def factor(source: str, target: str) -> float:
    """Multiplier converting a value in ``source`` units to ``target`` units.

    A ``target`` that names a contained element the ``source`` does not (``kt Li/yr`` from
    ``kt/yr``) takes the source as that element's mass.

    >>> factor("kt/yr", "kt Li/yr")
    1.0
    """
    ureg = registry()
    quantity = ureg.Quantity(1.0, source)
    wanted = ureg.Quantity(1.0, target)
    for symbol in ("Li", "Ni", "Co"):
        element = ureg.Quantity(1.0, symbol)
        if (wanted / element).dimensionality == quantity.dimensionality:
            quantity = quantity * element
            break
    return float(quantity.to(target).magnitude)


@lru_cache(maxsize=256)  # read records are checked again: each unit once
def parses(unit: str) -> bool:
    """True if ``unit`` is a unit the registry knows.

    >>> parses("t LCE/yr"), parses("vehicle/yr"), parses("bananas/yr")
    (True, True, False)
    """
    import pint

    try:
        registry().Quantity(1.0, unit)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError):
        return False
    return True
