"""Supply risk after the EU critical-raw-materials method.

The formula (European Commission 2017, *Methodology for establishing the EU list of critical
raw materials: guidelines*, as applied in the *Study on the Critical Raw Materials for the
EU 2023*, doi:10.2873/725585), evaluated at one stage (extraction or processing)::

    SR = [HHI_WGI,t(GS) * IR/2 + HHI_WGI,t(EU) * (1 - IR/2)] * (1 - EoL_RIR) * SI_SR

    HHI_WGI,t = sum over countries c of  share_c**2 * WGI_c * t_c

=============  ========================================================  ===================
symbol         meaning                                                   where corridor gets it
=============  ========================================================  ===================
share_c (GS)   country c's share of global supply at the stage (0-1)     ``world_supply``
                                                                         (corridor); EU
                                                                         reproduction:
                                                                         ``eu_crm_2023_shares``
share_c (EU)   c's share of EU sourcing (EU output + imports)            ``eu_crm_2023_shares``
                                                                         (top supplier only,
                                                                         see below)
WGI_c          World Bank WGI mean, scaled (2.5 - WGI) * 2, 0-10,        ``governance``
               10 = worst governance                                     (World Bank, computed)
t_c            trade-related variable (export taxes, quotas, bans),      ``eu_trade_restriction``
               1 when none                                               (published)
IR             EU import reliance at the stage (0-1)                     ``eu_crm_2023`` (published)
EoL_RIR        end-of-life recycling input rate (0-1)                    ``eu_crm_2023`` (published)
SI_SR          substitution index for supply risk (0-1)                  ``eu_crm_2023`` (published)
=============  ========================================================  ===================

HHI_WGI,t is on the 0-10 scale (shares as fractions times a 0-10 score); the EU publishes
SR rounded to one decimal. "GS only" materials (e.g. cobalt) use the global term alone,
which is the formula with HHI(EU) = HHI(GS).

What corridor computes and what it takes from the study
-------------------------------------------------------
*Published* (EU 2023 study): IR, EoL-RIR, SI_SR, t, the assessed stage and the choice of
GS+EU or GS only. *Public statistics*: WGI (World Bank). *Computed by corridor*: the
HHI_WGI,t terms and SR. The EU's own country shares (2016-2020 averages from World Mining
Data, BGS, USGS and Eurostat trade data) are not public in one table, so the reproduction
(:func:`reproduce_eu_2023`) uses the closest published shares (``eu_crm_2023_shares``,
each row cited) with two rules:

* suppliers a source does not list are fragmented (no contribution to the HHI);
* where only the EU's top EU-sourcing share is published, the rest of EU sourcing is
  assumed to come from the other global suppliers in proportion to their global shares;
  with nothing published, EU sourcing equals global supply.

WGI is taken for 2020, the last year of the EU's reference period (the oldest year in
corridor's table). Countries without a WGI score get the median score of that year
(``unscored="median"``); the default ``"raise"`` names them instead.

Corridor's own indicator (``Supply Risk|{Mineral}``)
----------------------------------------------------
:func:`corridor_supply_risk` applies the formula to *world* supply per year from
``world_supply`` at the stage the EU assessed (lithium and nickel: refining; cobalt,
natural graphite, manganese, copper: mining; magnet rare earths: mining, with neodymium's
parameters), global term only: it measures how risky the
world's supply is, not the EU's sourcing (equivalently, IR is not used and EU sourcing is
taken to mirror world supply). EoL-RIR, SI_SR and t are the EU 2023 values, held constant;
WGI for a year after 2023 is the 2023 score. Pass any supply array (e.g. with a Canadian or
Korean pipeline, as :mod:`corridor.supply.outlook` does) to compare with and without it.

Examples
--------
>>> import xarray as xr
>>> share = xr.DataArray([0.6, 0.4], dims="country", coords={"country": ["A", "B"]})
>>> wgi = xr.DataArray([8.0, 2.0], dims="country", coords={"country": ["A", "B"]})
>>> round(float(hhi_wgi(share, wgi)), 6)        # 0.36 * 8 + 0.16 * 2
3.2
>>> round(float(supply_risk(share, wgi, eol_rir=0.1, si_sr=0.9)), 6)
2.592
>>> eu = xr.DataArray([0.2, 0.8], dims="country", coords={"country": ["A", "B"]})
>>> # GS term 3.2, EU term 0.04 * 8 + 0.64 * 2 = 1.6: 3.2 * 0.25 + 1.6 * 0.75
>>> round(float(supply_risk(share, wgi, eu_sourcing=eu, import_reliance=0.5)), 6)
2.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from corridor.dims import lookup
from corridor.errors import InputError
from corridor.supply.concentration import RESIDUAL, residual_mask, shares, world_supply

#: WGI year used to reproduce the EU 2023 study (last year of its 2016-2020 window).
REPRODUCTION_WGI_YEAR = 2020
#: The five battery materials whose published SR the test reproduces.
EU_BATTERY_MATERIALS = ("Lithium", "Cobalt", "Natural graphite", "Nickel", "Manganese")


def governance(data) -> xr.DataArray:
    """EU-scaled WGI (0 best, 10 worst), country x year."""
    def build():
        df = data.table("governance")
        da = df.set_index(["country", "year"]).eu_scaled.to_xarray()
        da.name = "governance"
        da.attrs = {"units": "1", "long_name": "WGI scaled (2.5 - WGI) x 2, 10 = worst"}
        return da
    return data.memo("governance", build)


def governance_at(gov: xr.DataArray, years) -> xr.DataArray:
    """Scores for ``years``: each year's own, else the latest earlier one (else the first)."""
    have = np.asarray(gov.year.values)
    years = np.asarray(years, dtype=int)
    pick = [have[have <= y].max() if (have <= y).any() else have.min() for y in years]
    out = gov.sel(year=pick).assign_coords(year=years)
    out.attrs = dict(gov.attrs, note="latest available WGI year at or before each year")
    return out


def hhi_wgi(x: xr.DataArray, governance: xr.DataArray, trade: xr.DataArray | None = None,
            dim: str = "country", unscored: str | float = "raise") -> xr.DataArray:
    """Governance- and trade-weighted HHI, ``sum share**2 * WGI_scaled * t`` (0-10 scale).

    Parameters
    ----------
    x
        Shares or volumes along ``dim`` (normalised here; ``"Other countries"`` counts in
        the total but not in the sum: fragmented).
    governance
        EU-scaled WGI along ``dim`` (and any dimension shared with ``x``, e.g. year).
    trade
        Trade-related variable t along ``dim``; countries not listed have t = 1.
    unscored
        What to do with a supplying country that has no governance score: ``"raise"``,
        ``"median"`` (median score of the scored countries), or a number.
    """
    s = shares(x, dim)
    s = xr.where(residual_mask(s, dim) & s.notnull(), 0.0, s)
    g = governance.reindex({dim: s[dim].values})
    missing = (s > 0) & g.isnull()
    if bool(missing.any()):
        others = [d for d in missing.dims if d != dim]
        flagged = missing.any(others) if others else missing
        names = sorted(str(c) for c in s[dim].values[flagged.values])
        if isinstance(unscored, str) and unscored == "raise":
            raise InputError(f"no governance score for {', '.join(names)}")
        if isinstance(unscored, str) and unscored == "median":
            fill = governance.median(dim)
        elif isinstance(unscored, int | float):
            fill = unscored
        else:
            raise ValueError(f"unscored must be 'raise', 'median' or a number, not {unscored!r}")
        g = g.fillna(fill)
    else:
        names = []
    t = 1.0
    if trade is not None:
        t = trade.reindex({dim: s[dim].values}).fillna(1.0)
    out = (s**2 * g * t).sum(dim, skipna=True, min_count=1)
    out.attrs = {"units": "1", "long_name": "HHI weighted by scaled WGI and t (0-10)",
                 "unscored": ", ".join(names)}
    return out


def supply_risk(global_supply: xr.DataArray, governance: xr.DataArray, *,
                eu_sourcing: xr.DataArray | None = None, import_reliance=1.0, eol_rir=0.0,
                si_sr=1.0, trade: xr.DataArray | None = None,
                trade_eu: xr.DataArray | None = None, dim: str = "country",
                unscored: str | float = "raise") -> xr.DataArray:
    """EU supply risk from shares (or volumes) of global supply and, optionally, EU sourcing.

    Without ``eu_sourcing`` the global term stands alone ("GS only"). ``import_reliance``,
    ``eol_rir`` and ``si_sr`` are fractions (0-1), scalars or arrays broadcast by name.
    Vectorised over every dimension other than ``dim``.
    """
    for name, v in (("import_reliance", import_reliance), ("eol_rir", eol_rir),
                    ("si_sr", si_sr)):
        arr = np.asarray(v, dtype=float)
        if np.isnan(arr).any() or (arr < 0).any() or (arr > 1).any():
            raise ValueError(f"supply_risk: {name} must be within 0-1, got {v}")
    hg = hhi_wgi(global_supply, governance, trade, dim, unscored)
    if eu_sourcing is None:
        he, ir = hg, 1.0
    else:
        he, ir = hhi_wgi(eu_sourcing, governance, trade_eu, dim, unscored), import_reliance
    out = (hg * ir / 2 + he * (1 - ir / 2)) * (1 - eol_rir) * si_sr
    out.name = "supply_risk"
    out.attrs = {"units": "1", "long_name": "EU supply risk",
                 "unscored": ", ".join(filter(None, {hg.attrs["unscored"],
                                                     he.attrs["unscored"]}))}
    return out


def eu_sourcing_shares(global_shares: xr.DataArray, published: xr.DataArray,
                       dim: str = "country") -> xr.DataArray:
    """EU sourcing from its published top shares, the rest like global supply.

    The share not published (``1 - sum(published)``) is spread over the global suppliers
    that are not in ``published``, in proportion to their global shares; the unlisted part
    of global supply is the residual ``"Other countries"``.
    """
    g = with_residual(global_shares, dim)
    total = float(published.sum())
    if total > 1 + 1e-9 or bool((published < 0).any()):
        raise ValueError("eu_sourcing_shares: published shares must be >= 0 and sum to <= 1")
    others = g.where(~g[dim].isin(published[dim].values), 0.0)
    if float(others.sum()) <= 0:
        raise ValueError("eu_sourcing_shares: nothing left to spread the remainder over")
    spread = others / others.sum(dim) * (1.0 - total)
    pub = published.reindex({dim: g[dim].values}, fill_value=0.0)
    extra = published.where(~published[dim].isin(g[dim].values), drop=True)
    out = xr.concat([pub + spread, extra], dim=dim) if extra.size else pub + spread
    out.attrs = {"units": "1", "long_name": "EU sourcing shares"}
    return out


def trade_factor(data, material: str, stage: str, scope: str) -> xr.DataArray:
    """t per country for an EU material, stage (extraction/processing), scope (global/eu)."""
    df = data.table("eu_trade_restriction")
    df = df[(df.material == material) & (df.stage == stage) & (df.scope == scope)]
    return xr.DataArray(df.t.to_numpy(float), dims="country",
                        coords={"country": df.country.to_numpy()})


def eu_parameters(data) -> pd.DataFrame:
    """Published EU 2023 inputs per material, with the assessed stage's IR and sourcing."""
    df = data.table("eu_crm_2023").set_index("material")
    stage = df.stage_assessed
    df = df.assign(
        import_reliance=np.where(stage == "extraction", df.import_reliance_extraction,
                                 df.import_reliance_processing),
        sourcing=np.where(stage == "extraction", df.sourcing_extraction,
                          df.sourcing_processing),
        corridor_stage=stage.map(lambda s: lookup("stage", s)))
    return df


def _shares_of(table: pd.DataFrame, material: str, stage: str, scope: str) -> xr.DataArray:
    rows = table[(table.material == material) & (table.stage == stage) & (table.scope == scope)]
    return xr.DataArray(rows.share.to_numpy(float), dims="country",
                        coords={"country": rows.country.to_numpy()})


def with_residual(x: xr.DataArray, dim: str = "country") -> xr.DataArray:
    """Partial shares completed to 1 by an ``"Other countries"`` residual (fragmented)."""
    if RESIDUAL in x[dim].values:
        return x
    total = x.sum(dim)
    if bool((total > 1 + 1e-9).any()):
        raise ValueError("with_residual: shares sum to more than 1")
    rest = (1.0 - total).clip(min=0.0).expand_dims({dim: [RESIDUAL]})
    return xr.concat([x, rest], dim=dim)


def reproduce_eu_2023(data, materials=EU_BATTERY_MATERIALS,
                      wgi_year: int = REPRODUCTION_WGI_YEAR) -> pd.DataFrame:
    """The EU 2023 supply risk recomputed from published inputs, next to the published SR.

    Returns one row per material: ``published``, ``computed``, ``hhi_gs``, ``hhi_eu``,
    ``stage``, ``sourcing``, ``unscored`` (countries given the median WGI).
    """
    params = eu_parameters(data)
    table = data.table("eu_crm_2023_shares")
    gov = governance(data).sel(year=wgi_year)
    rows = []
    for material in materials:
        if material not in params.index:
            raise ValueError(f"reproduce_eu_2023: {material!r} not in eu_crm_2023")
        p = params.loc[material]
        stage, sourcing = p.stage_assessed, p.sourcing
        g = _shares_of(table, material, stage, "global")
        if g.size:
            g = with_residual(g)
        else:
            raise InputError(f"reproduce_eu_2023: no global shares for {material}")
        if sourcing not in ("GS+EU", "GS only"):
            raise InputError(f"reproduce_eu_2023: sourcing {sourcing!r} of {material} "
                             "not supported")
        pub = _shares_of(table, material, stage, "eu")
        eu = None
        if sourcing == "GS+EU":
            eu = eu_sourcing_shares(g, pub) if pub.size else g
        kwargs = dict(import_reliance=float(p.import_reliance), eol_rir=float(p.eol_rir),
                      si_sr=float(p.si_sr), unscored="median")
        tg = trade_factor(data, material, stage, "global")
        te = trade_factor(data, material, stage, "eu")
        sr = supply_risk(g, gov, eu_sourcing=eu, trade=tg, trade_eu=te, **kwargs)
        hg = hhi_wgi(g, gov, tg, unscored="median")
        he = hg if eu is None else hhi_wgi(eu, gov, te, unscored="median")
        rows.append({"material": material, "stage": stage, "sourcing": sourcing,
                     "published": float(p.supply_risk), "computed": float(sr),
                     "hhi_gs": float(hg), "hhi_eu": float(he),
                     "unscored": sr.attrs["unscored"]})
    out = pd.DataFrame(rows).set_index("material")
    out["difference"] = out.computed - out.published
    return out


def corridor_supply_risk(data, supply: xr.DataArray | None = None,
                         unscored: str | float = "median") -> xr.DataArray:
    """``Supply Risk|{Mineral}`` per year: the EU formula on world supply (global term only).

    Parameters
    ----------
    supply
        mineral x stage x country x year (kt); default :func:`world_supply`. Pass a supply
        with an added pipeline to see how it changes the risk.

    Returns mineral x year, for the minerals the EU assessed and ``supply`` covers at the
    EU's stage (``stage`` is a coordinate along ``mineral``). Years a publication does not
    cover are NaN.
    """
    supply = world_supply(data) if supply is None else supply
    params = eu_parameters(data)
    params = params[params.mineral.isin(supply.mineral.values)
                    & params.corridor_stage.isin(supply.stage.values)]
    along = {"dims": "mineral", "coords": {"mineral": params.mineral.to_numpy()}}
    x = supply.sel(mineral=params.mineral.to_numpy(),
                   stage=xr.DataArray(params.corridor_stage.to_numpy(), **along))
    has = x.notnull().any([d for d in x.dims if d != "mineral"]).values
    if not has.any():
        raise ValueError("corridor_supply_risk: supply covers no EU-assessed mineral")
    params, x = params[has], x.isel(mineral=has)
    along = {"dims": "mineral", "coords": {"mineral": params.mineral.to_numpy()}}
    table = data.table("eu_trade_restriction").query("scope == 'global'")
    trade = table.pivot_table(index=["material", "stage"], columns="country", values="t")
    trade = trade.reindex(index=list(zip(params.index, params.stage_assessed, strict=True)),
                          columns=x.country.values).fillna(1.0)
    trade = xr.DataArray(trade.to_numpy(float), dims=("mineral", "country"),
                         coords={"mineral": params.mineral.to_numpy(),
                                 "country": x.country.values})
    gov = governance_at(governance(data), supply.year.values)
    result = supply_risk(x, gov, eol_rir=xr.DataArray(params.eol_rir.to_numpy(float), **along),
                         si_sr=xr.DataArray(params.si_sr.to_numpy(float), **along),
                         trade=trade, unscored=unscored)
    result.name = "supply_risk"
    result.attrs.update(long_name="supply risk (EU 2023 method, world supply)")
    return result
