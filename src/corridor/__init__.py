"""corridor: open, cited scenario model of the Canada-Korea battery and critical-minerals chain.

>>> import corridor
>>> r = corridor.run("STEPS")                       # doctest: +SKIP
>>> r.tables.demand_by_region()                      # doctest: +SKIP

The core is :func:`corridor.run` (the orchestrator, ``corridor/orchestrator.py``), which
returns one :class:`corridor.Results`; the CLI, files, figures and tables only present what
it holds. Names are imported on first use, so that ``import corridor`` stays fast.
"""

from __future__ import annotations

from importlib import import_module

from corridor._version import __version__

_EXPORTS = {
    "run": "corridor.orchestrator",
    "sensitivity": "corridor.orchestrator",
    "open": "corridor.results",
    "Results": "corridor.results",
    "load_scenario": "corridor.config",
    "Scenario": "corridor.config",
    "Data": "corridor.data",
    "InputError": "corridor.errors",
    "CheckError": "corridor.errors",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'corridor' has no attribute {name!r}")
    module = import_module(_EXPORTS[name])
    value = getattr(module, "open_results" if name == "open" else name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
