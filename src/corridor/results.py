"""The results container: one ``xarray.DataTree`` and the accessors users work through.

Groups, each with its own coordinates:

================  =======================================================================
``demand``        sales, stock, retirements, battery and material demand, scrap, end of
                  life, secondary supply, primary demand; installed capacity, additions
                  and retirements of the clean-energy technologies (World and its six
                  parts)
``clean_energy``  the outlooks' headline: critical-mineral demand of every clean-energy
                  technology (vehicles and storage included), each application's share and
                  the growth multiple over 2020 and 2023 (World and its six parts)
``inputs``        the annual paths the chain used: pack sizes, chemistry shares, collection,
                  scrap and recovery rates (the six parts)
``balance``       supply, requirement, balance, self-sufficiency and demand coverage by
                  stage (Canada, South Korea, ``Canada+South Korea``, World)
``capacity``      effective capacity by product class (Canada, South Korea, both)
``facilities``    nameplate and effective capacity of each counted registry row
``risk``          world HHI, top-3 share and supply risk with and without the corridor
                  pipeline, and the corridor's mine and refinery supply behind them
``production``    published world mine and refinery output (World and its six parts)
``quantiles``     Monte Carlo P5/P50/P95 (with draws)
``trade``         Canada's and Korea's trade exposure: partner shares, HHI, China
                  dependence, import reliance (BACI history, the same in every scenario)
``tariffs``       each tariff scenario's shock: trade lost, diverted and rerouted by
                  product (US$, contained tonnes), welfare by region
``reference``     the calibration, battery projection, sources and registry tables the
                  outputs cite
================  =======================================================================

The root's attributes hold the provenance: resolved scenarios, data version, draws, seed,
notes. Accessors in the PyPSA manner: ``r.io`` (write, to_excel, to_netcdf), ``r.tables``
(summary tables as DataFrames), ``r.plot`` (the standard figures); ``r.to_iamc()`` and
``r.check()``. :func:`open_results` (``corridor.open``) reopens a saved run exactly.

Examples
--------
>>> import corridor
>>> r = corridor.run("STEPS")
>>> float(r.demand.material_demand.sel(scenario="STEPS", region="World", year=2030,
...       mineral="Lithium").sum()) > 100
True
>>> r.check()
>>> list(r.tables.coverage().columns)[:3]
['scenario', 'region', 'mineral']
"""

from __future__ import annotations

import html
import json
from functools import cached_property
from pathlib import Path

import pandas as pd
import xarray as xr

from corridor import checks
from corridor.config.rules import normalise
from corridor.config.schema import Scenario
from corridor.io import iamc

GROUPS = ("demand", "clean_energy", "inputs", "balance", "capacity", "facilities", "risk",
          "production", "quantiles", "trade", "tariffs")
REFERENCE = ("calibration", "battery_projection", "sources", "registry")


class Results:
    """What a run returns (see the module notes). Build with :func:`corridor.run` or
    :func:`corridor.open`; ``Results(tree)`` wraps a tree of the same layout."""

    def __init__(self, tree: xr.DataTree):
        self.tree = tree

    # --- groups and provenance ------------------------------------------------------
    def group(self, name: str) -> xr.Dataset | None:
        """A group as a Dataset (None if the run has none, e.g. quantiles without draws)."""
        return self.tree[name].to_dataset() if name in self.tree.children else None

    @cached_property
    def groups(self) -> dict[str, xr.Dataset]:
        return {name: ds for name in GROUPS if (ds := self.group(name)) is not None}

    demand = property(lambda self: self.groups["demand"], doc="the demand group")
    clean_energy = property(lambda self: self.groups["clean_energy"],
                            doc="clean-energy mineral totals, shares and multiples")
    inputs = property(lambda self: self.groups["inputs"], doc="the input paths group")
    balance = property(lambda self: self.groups["balance"], doc="stage balances")
    capacity = property(lambda self: self.groups["capacity"], doc="capacity by product")
    facilities = property(lambda self: self.groups["facilities"], doc="capacity by row")
    risk = property(lambda self: self.groups["risk"], doc="concentration and supply risk")
    production = property(lambda self: self.groups["production"], doc="world output")
    quantiles = property(lambda self: self.groups.get("quantiles"), doc="Monte Carlo")
    trade = property(lambda self: self.groups.get("trade"),
                     doc="trade exposure of Canada and Korea (history, every scenario)")
    tariffs = property(lambda self: self.groups.get("tariffs"),
                       doc="tariff scenarios' shocks along ``tariffs`` (on the trade history)")

    def reference(self, name: str) -> pd.DataFrame:
        """A reference table (``calibration``, ``sources``, ``registry``) as a DataFrame."""
        if name not in REFERENCE:
            raise ValueError(f"reference table {name!r}: choose from {', '.join(REFERENCE)}")
        df = self.tree[f"reference/{name}"].to_dataset().to_dataframe().reset_index(drop=True)
        return df.replace({"": None}) if name == "registry" else df

    @property
    def attrs(self) -> dict:
        return self.tree.attrs

    @cached_property
    def scenarios(self) -> dict[str, Scenario]:
        """The resolved scenario of each name."""
        return {name: Scenario.model_validate(normalise(raw))  # JSON keys are text
                for name, raw in json.loads(self.attrs["scenarios"]).items()}

    @property
    def scenario_names(self) -> list[str]:
        return [str(s) for s in self.demand.scenario.values]

    data_version = property(lambda self: self.attrs["data_version"])
    draws = property(lambda self: int(self.attrs["draws"]))
    seed = property(lambda self: json.loads(self.attrs["seed"]))
    lithium_basis = property(lambda self: self.attrs.get("lithium_basis", "Li"))

    @property
    def notes(self) -> dict[str, list[str]]:
        """Notes and warnings (``"warning: ..."``) of each scenario."""
        return json.loads(self.attrs["notes"])

    # --- what users do with a run ---------------------------------------------------
    def to_iamc(self, lithium_basis: str | None = None) -> pd.DataFrame:
        """The central results as an IAMC long table (see :mod:`corridor.io.iamc`)."""
        return iamc.to_iamc(self.groups, lithium_basis or self.lithium_basis)

    def check(self) -> None:
        """Run every invariant, demand and supply side and the IAMC table; raise
        :class:`~corridor.errors.CheckError` naming the first failure."""
        checks.check_demand(self.demand)
        checks.check_supply(self.groups)
        self.to_iamc()

    @property
    def io(self) -> IO:
        """Files: ``write``, ``to_excel``, ``to_netcdf``."""
        return IO(self)

    @property
    def tables(self):
        """Summary tables as DataFrames (:class:`corridor.views.tables.Tables`)."""
        from corridor.views.tables import Tables

        return Tables(self)

    @property
    def plot(self):
        """The standard figures (:class:`corridor.views.figures.Plots`)."""
        from corridor.views.figures import Plots

        return Plots(self)

    # --- display ----------------------------------------------------------------------
    def summary(self) -> dict[str, str]:
        demand = self.demand
        years = demand.year.values
        return {"scenarios": ", ".join(self.scenario_names),
                "regions": ", ".join(str(r) for r in demand.region.values),
                "years": f"{years.min()}-{years.max()}",
                "variables": f"{len(self.iamc_variables)} IAMC variables",
                "draws": f"{self.draws:,}" if self.draws else "none (central values)",
                "data version": self.data_version}

    @cached_property
    def iamc_variables(self) -> list[str]:
        """The IAMC variables this run reports, in codelist order."""
        return list(dict.fromkeys(self.to_iamc().variable))

    def __repr__(self) -> str:
        lines = [f"<corridor.Results: {len(self.scenario_names)} scenario(s)>"]
        lines += [f"  {key}: {value}" for key, value in self.summary().items()]
        lines.append("  groups: " + ", ".join(self.groups))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
                       for k, v in {**self.summary(), "groups": ", ".join(self.groups)}.items())
        return f"<b>corridor.Results</b><table>{rows}</table>"


class IO:
    """``r.io``: the run's files (see :mod:`corridor.io`)."""

    def __init__(self, results: Results):
        self._results = results

    def write(self, folder, figures: bool = True, lithium_basis: str | None = None,
              force: bool = False) -> list[str]:
        """Write every output into ``folder`` atomically (what ``corridor run`` writes);
        return the file names written. A folder that holds files other than an earlier
        output is refused unless ``force``, which replaces only corridor's files."""
        from corridor.io.folder import write

        return write(self._results, Path(folder), figures=figures, force=force,
                     lithium_basis=lithium_basis or self._results.lithium_basis)

    def to_excel(self, path, lithium_basis: str | None = None) -> None:
        """The workbook (pyam's ``data`` and ``meta`` sheets, corridor's own beside them)."""
        from corridor.io.excel import write_excel
        from corridor.io.folder import atomic_file

        with atomic_file(Path(path)) as tmp:
            write_excel(tmp, self._results, lithium_basis or self._results.lithium_basis)

    def to_netcdf(self, path) -> None:
        """The whole tree (every group and the provenance), reopened by ``corridor.open``."""
        from corridor.io.folder import atomic_file
        from corridor.io.netcdf import write_tree

        with atomic_file(Path(path)) as tmp:
            write_tree(self._results.tree, tmp)


def open_results(path) -> Results:
    """Reopen a saved run: a ``results.nc`` written by ``r.io.to_netcdf`` or an output
    folder written by ``r.io.write`` / ``corridor run`` (``corridor.open``).

    Raises
    ------
    InputError
        If the path holds no corridor results.
    """
    from corridor.io.netcdf import read_tree

    path = Path(path)
    if path.is_dir():
        path = path / "results.nc"
    return Results(read_tree(path))
