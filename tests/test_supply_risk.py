"""EU supply-risk method: hand-computed cases and the reproduction of the EU 2023 results."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from corridor.errors import InputError
from corridor.supply.concentration import RESIDUAL, world_supply
from corridor.supply.risk import (
    EU_BATTERY_MATERIALS,
    corridor_supply_risk,
    eu_sourcing_shares,
    governance,
    governance_at,
    hhi_wgi,
    reproduce_eu_2023,
    supply_risk,
    with_added_supply,
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
    with pytest.raises(InputError, match="eol_rir"):
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
    with pytest.raises(InputError):
        eu_sourcing_shares(g, vec([0.8, 0.4], ["A", "B"]))


def test_published_parameters_are_the_eu_2023_values(data):
    p = data.table("eu_crm_2023").set_index("material")
    assert p.loc["Cobalt", "eol_rir"] == pytest.approx(0.22)
    assert p.loc["Lithium", "stage_assessed"] == "processing"
    assert p.loc["Lithium", "import_reliance_processing"] == pytest.approx(1.0)
    assert p.loc["Nickel", "si_sr"] == pytest.approx(0.92)
    assert p.loc["Cobalt", "sourcing_extraction"] == "GS only"
    t = data.table("eu_trade_restriction").set_index(["material", "country", "stage", "scope"])
    assert t.t[("Cobalt", "DR Congo", "extraction", "global")] == pytest.approx(1.1)


# European Commission (2023), Study on the Critical Raw Materials for the EU 2023: SR
PUBLISHED_SR = {"Lithium": 1.9, "Cobalt": 2.8, "Natural graphite": 1.8, "Nickel": 0.5,
                "Manganese": 1.2}


@pytest.fixture(scope="module")
def reproduction(data):
    return reproduce_eu_2023(data)


@pytest.mark.parametrize(("material", "published"), PUBLISHED_SR.items())
def test_eu_2023_supply_risk_is_reproduced(reproduction, material, published):
    row = reproduction.loc[material]
    assert row.published == pytest.approx(published)      # the table holds the EU figure
    assert abs(row.computed - published) <= 0.3, reproduction[["published", "computed"]]


def test_reproduction_uses_the_published_method(reproduction, data):
    assert set(reproduction.index) == set(EU_BATTERY_MATERIALS)
    # cobalt is "GS only" in the study: both terms are the global one
    co = reproduction.loc["Cobalt"]
    assert co.hhi_eu == co.hhi_gs
    # SR is rebuilt from the two HHI terms and the published parameters
    p = data.table("eu_crm_2023").set_index("material").loc["Nickel"]
    ni = reproduction.loc["Nickel"]
    ir = p.import_reliance_processing
    assert ni.computed == pytest.approx(
        (ni.hhi_gs * ir / 2 + ni.hhi_eu * (1 - ir / 2)) * (1 - p.eol_rir) * p.si_sr)


def test_governance_table(data):
    gov = governance(data)
    assert float(gov.sel(country="Canada", year=2023)) < 3  # good governance, low score
    assert float(gov.sel(country="DR Congo", year=2020)) > 7
    at = governance_at(gov, [2020, 2030])
    assert float(at.sel(country="China", year=2030)) == float(gov.sel(country="China",
                                                                      year=2023))


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


def test_added_supply_changes_the_risk_only_where_added(data):
    base = world_supply(data)
    added = xr.DataArray([[60.0]], dims=("country", "year"),
                         coords={"country": ["Canada"], "year": [2030]})
    added = added.expand_dims(mineral=["Cobalt"], stage=["mining"])
    more = with_added_supply(base, added)
    before = corridor_supply_risk(data, base).sel(mineral="Cobalt")
    after = corridor_supply_risk(data, more).sel(mineral="Cobalt")
    assert float(after.sel(year=2030)) < float(before.sel(year=2030))
    assert float(after.sel(year=2035)) == pytest.approx(float(before.sel(year=2035)))
    lithium = corridor_supply_risk(data, more).sel(mineral="Lithium")
    xr.testing.assert_allclose(lithium, corridor_supply_risk(data, base).sel(mineral="Lithium"))
    # a new country enters with 0 of its own elsewhere
    korea = added.assign_coords(country=["Atlantis"])
    assert "Atlantis" in with_added_supply(base, korea).country.values
    with pytest.raises(InputError, match="not in supply"):
        with_added_supply(base, added.assign_coords(mineral=["Unobtainium"]))
    with pytest.raises(InputError, match="negative"):
        with_added_supply(base, -added * 100)
