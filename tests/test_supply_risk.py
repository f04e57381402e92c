"""EU supply-risk method: hand-computed cases and the reproduction of the EU 2023 results."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from corridor.errors import InputError
from corridor.supply.concentration import RESIDUAL, world_supply
from corridor.supply.risk import (
    corridor_supply_risk,
    eu_sourcing_shares,
    hhi_wgi,
    supply_risk,
)


def vec(values, names):
    return xr.DataArray(np.asarray(values, float), dims="country", coords={"country": names})


WGI = vec([8.0, 2.0, 5.0], ["A", "B", "C"])


def test_hhi_wgi_by_hand():
    s = vec([0.5, 0.3, 0.2], ["A", "B", "C"])
    # 0.25*8 + 0.09*2 + 0.04*5 = 2.0 + 0.18 + 0.2
    assert float(hhi_wgi(s, WGI)) == pytest.approx(2.38)
    t = vec([1.1], ["A"])  # export restriction on A; t = 1 elsewhere
    assert float(hhi_wgi(s, WGI, trade=t)) == pytest.approx(2.0 * 1.1 + 0.38)
    # the residual counts in the total, not in the squares
    r = vec([0.5, 0.5], ["A", RESIDUAL])
    assert float(hhi_wgi(r, WGI)) == pytest.approx(0.25 * 8)


def test_supply_risk_formula_by_hand():
    gs = vec([0.5, 0.3, 0.2], ["A", "B", "C"])   # HHI_WGI = 2.38
    eu = vec([0.1, 0.9], ["A", "B"])             # 0.01*8 + 0.81*2 = 1.70
    sr = supply_risk(gs, WGI, eu_sourcing=eu, import_reliance=0.6, eol_rir=0.2, si_sr=0.9)
    assert float(sr) == pytest.approx((2.38 * 0.3 + 1.70 * 0.7) * 0.8 * 0.9)
    # GS only equals GS+EU with EU sourcing = global supply
    only = supply_risk(gs, WGI, eol_rir=0.2, si_sr=0.9)
    assert float(only) == pytest.approx(2.38 * 0.8 * 0.9)
    same = supply_risk(gs, WGI, eu_sourcing=gs, import_reliance=0.3, eol_rir=0.2, si_sr=0.9)
    assert float(same) == pytest.approx(float(only))
    with pytest.raises(ValueError, match="eol_rir"):
        supply_risk(gs, WGI, eol_rir=22)  # percent instead of fraction


def test_vectorised_over_years():
    x = xr.DataArray([[0.5, 0.5], [0.9, 0.1]], dims=("year", "country"),
                     coords={"year": [2024, 2030], "country": ["A", "B"]})
    g = xr.DataArray([[8.0, 2.0], [6.0, 2.0]], dims=("year", "country"),
                     coords={"year": [2024, 2030], "country": ["A", "B"]})
    h = hhi_wgi(x, g)
    assert h.sel(year=2024) == pytest.approx(0.25 * 8 + 0.25 * 2)
    assert h.sel(year=2030) == pytest.approx(0.81 * 6 + 0.01 * 2)


def test_unscored_countries_are_named_or_filled():
    s = vec([0.5, 0.5], ["A", "Z"])
    with pytest.raises(InputError, match="no governance score for Z"):
        hhi_wgi(s, WGI)
    filled = hhi_wgi(s, WGI, unscored="median")  # median of 8, 2, 5 = 5
    assert float(filled) == pytest.approx(0.25 * 8 + 0.25 * 5)
    assert filled.attrs["unscored"] == "Z"
    # a country with no supply needs no score
    assert float(hhi_wgi(vec([1.0, 0.0], ["A", "Z"]), WGI)) == pytest.approx(8.0)


def test_eu_sourcing_remainder_follows_global_supply():
    g = vec([0.5, 0.3], ["A", "B"])      # the remaining 0.2 is unlisted
    eu = eu_sourcing_shares(g, vec([0.6], ["B"]))
    assert float(eu.sel(country="B")) == pytest.approx(0.6)
    assert float(eu.sel(country="A")) == pytest.approx(0.4 * 0.5 / 0.7)
    assert float(eu.sel(country=RESIDUAL)) == pytest.approx(0.4 * 0.2 / 0.7)
    assert float(eu.sum()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        eu_sourcing_shares(g, vec([0.8, 0.4], ["A", "B"]))














def test_corridor_supply_risk(data):
    sr = corridor_supply_risk(data)
    assert sr.dims == ("mineral", "year")
    assert set(sr.mineral.values) >= {"Lithium", "Cobalt", "Graphite", "Nickel", "Manganese",
                                      "Copper"}
    assert dict(zip(sr.mineral.values, sr.stage.values, strict=True))["Lithium"] == "refining"
    assert float(sr.sel(mineral="Cobalt", year=2024)) > 2
    assert float(sr.sel(mineral="Copper", year=2024)) < 0.5
    assert np.isnan(sr.sel(mineral="Lithium", year=2025))  # IEA gives no 2025
    assert bool((sr.fillna(0) >= 0).all())


def test_magnet_rare_earths_take_neodymiums_parameters(data):
    """2024 magnet rare-earth mining (IEA GCMO 2025, kt): China 45.787, Myanmar 12.072,
    United States 6.860, Australia 3.235, others 7.145 (fragmented); EU-scaled WGI 2023:
    5.5802, 8.3306, 3.0104, 1.9132; neodymium's EoL-RIR 0.01 and SI_SR 0.99, no t."""
    total = 45.78735 + 12.071963 + 6.85982 + 3.234593 + 7.145064
    hhi = sum((kt / total) ** 2 * wgi for kt, wgi in [
        (45.78735, 5.5802), (12.071963, 8.3306), (6.85982, 3.0104), (3.234593, 1.9132)])
    assert hhi == pytest.approx(2.3182, abs=1e-4)
    sr = corridor_supply_risk(data).sel(mineral="Magnet Rare Earths")
    assert str(sr.stage.values) == "mining"
    assert float(sr.sel(year=2024)) == pytest.approx(hhi * 0.99 * 0.99, rel=1e-6)


def test_magnet_rare_earth_risk_reaches_the_outputs(results):
    """In the IAMC table (so in the codelist) and in the concentration figure."""
    iamc = results.to_iamc()
    row = iamc[(iamc.variable == "Supply Risk|Magnet Rare Earths") & (iamc.year == 2024)
               & (iamc.scenario == "STEPS")]
    assert row.value.tolist() == pytest.approx([2.2721], abs=1e-4)
    figure = results.plot.concentration()
    assert {"Magnet Rare Earths: HHI mining", "Magnet Rare Earths: supply risk"} <= {
        p.title for p in figure.panels}


def test_added_supply_changes_the_risk_only_where_added(data):
    base = world_supply(data)
    more = base.copy()
    more.loc[{"mineral": "Cobalt", "stage": "mining", "country": "Canada", "year": 2030}] += 60
    before = corridor_supply_risk(data, base).sel(mineral="Cobalt")
    after = corridor_supply_risk(data, more).sel(mineral="Cobalt")
    assert float(after.sel(year=2030)) < float(before.sel(year=2030))
    assert float(after.sel(year=2035)) == pytest.approx(float(before.sel(year=2035)))
    lithium = corridor_supply_risk(data, more).sel(mineral="Lithium")
    xr.testing.assert_allclose(lithium, corridor_supply_risk(data, base).sel(mineral="Lithium"))
