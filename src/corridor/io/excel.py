"""The workbook: pyam's ``data`` and ``meta`` sheets first, corridor's own sheets beside them.

``pyam.IamDataFrame("results.xlsx")`` reads it: ``data`` is the IAMC wide table (model,
scenario, region, variable, unit, one column per year) and ``meta`` has one row per model
and scenario (description, versions, draws, seed, lithium basis, warnings). Then
``canada_korea`` (the two countries' headline figures by scenario), ``clean_energy``
(critical-mineral demand of every technology by region and year, its multiples over 2020
and 2023 and each technology's share) and, leading with the
question "can the corridor supply itself?", ``coverage`` (demand-based coverage by stage,
one column per year), ``self_sufficiency`` (plant to plant), ``gaps``, ``notes``,
``settings`` (each resolved scenario, one setting per row), ``sources``, ``facilities``,
the trade sheets and, with draws, ``quantiles``. Empty cells for missing values. Every
sheet has its header row frozen, filters, and columns as wide as their text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from corridor.io.iamc import MODEL, quantiles_iamc, to_iamc


def wide(iamc: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """IAMC wide form: one column per year."""
    keys = ["model", "scenario", "region", "variable", "unit", *extra]
    return iamc.pivot(index=keys, columns="year", values="value").reset_index()


def by_year(long: pd.DataFrame, value: str) -> pd.DataFrame:
    """A stage table of ``r.tables`` with one column per year."""
    keys = [c for c in ("scenario", "region", "mineral", "stage", "note") if c in long]
    out = long.pivot_table(index=keys, columns="year", values=value, sort=False,
                           observed=True).reset_index()
    return out


def _widths(frame: pd.DataFrame, most: int = 60) -> list[int]:
    """Column widths (characters) that fit the header and the first rows' text."""
    head = frame.head(200)
    out = []
    for column in frame.columns:
        values = head[column]
        longest = (values.astype(str).str.len().max() if values.dtype == object
                   else 10) if len(values) else 0
        out.append(int(min(most, max(len(str(column)) + 3, (longest or 0) + 2, 8))))
    return out


def meta_sheet(results, lithium_basis: str) -> pd.DataFrame:
    """One row per model and scenario, in pyam's meta layout."""
    attrs = results.attrs
    rows = []
    for name, scenario in results.scenarios.items():
        notes = results.notes.get(name, [])
        rows.append({"model": MODEL, "scenario": name, "description": scenario.description,
                     "corridor_version": attrs["corridor_version"],
                     "data_version": attrs["data_version"], "created": attrs["created"],
                     "draws": results.draws, "seed": results.seed,
                     "lithium_basis": lithium_basis,
                     "warnings": "; ".join(n.removeprefix("warning: ") for n in notes
                                           if n.startswith("warning: "))})
    return pd.DataFrame(rows)


def settings_sheet(results) -> pd.DataFrame:
    """Each resolved scenario setting as a row: scenario, setting (dotted), value."""
    rows = []

    def walk(name: str, prefix: str, value) -> None:
        if isinstance(value, dict) and value and not any(isinstance(k, int) for k in value):
            for key, item in value.items():
                walk(name, f"{prefix}.{key}" if prefix else str(key), item)
        else:
            rows.append({"scenario": name, "setting": prefix,
                         "value": value if isinstance(value, str | int | float) else
                         json.dumps(value, default=str)})

    for name, scenario in results.scenarios.items():
        walk(name, "", scenario.model_dump())
    return pd.DataFrame(rows)


def write_excel(path: Path, results, lithium_basis: str = "Li", iamc: pd.DataFrame | None = None,
                quantiles: pd.DataFrame | None = None) -> None:
    """Write the workbook to ``path`` (``iamc`` and ``quantiles``: the tables, if built)."""
    import xlsxwriter  # row by row: several times faster than DataFrame.to_excel

    iamc = to_iamc(results.groups, lithium_basis) if iamc is None else iamc
    if quantiles is None:
        quantiles = quantiles_iamc(results.groups, lithium_basis)
    tables = results.tables
    notes = pd.DataFrame([{"scenario": s, "note": n} for s, ns in results.notes.items()
                          for n in ns], columns=["scenario", "note"])
    sheets = {"data": wide(iamc), "meta": meta_sheet(results, lithium_basis),
              "canada_korea": tables.canada_korea(),
              "clean_energy": tables.clean_energy(years=tuple(results.demand.year.values)),
              "coverage": by_year(tables.coverage(year=None), "demand_coverage"),
              "self_sufficiency": by_year(tables.self_sufficiency(year=None),
                                          "self_sufficiency"),
              "gaps": tables.gaps(), "notes": notes,
              "settings": settings_sheet(results), "sources": results.reference("sources"),
              "facilities": tables.facilities(), "trade": tables.trade(),
              "trade_balance": tables.trade_balance()}
    if results.tariffs is not None:
        sheets |= {"tariffs": tables.tariffs(), "tariff_welfare": tables.tariff_welfare()}
    if quantiles is not None:
        sheets["quantiles"] = wide(quantiles, ("quantile",))
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [c if isinstance(c, int) else str(c) for c in frame.columns],
                        bold)  # years stay numbers: Excel sorts and charts them
        for j, width in enumerate(_widths(frame)):
            sheet.set_column(j, j, width)
        frame = frame.astype(object).where(frame.notna(), None)
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            sheet.write_row(i, 0, row)
        sheet.freeze_panes(1, 0)  # the header stays in view
        if len(frame.columns):
            sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    book.close()
