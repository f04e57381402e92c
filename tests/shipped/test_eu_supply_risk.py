"""The EU 2023 supply-risk parameters and their reproduction from published inputs."""

from __future__ import annotations

import pytest

from corridor.supply.risk import (
    EU_BATTERY_MATERIALS,
    governance,
    governance_at,
    reproduce_eu_2023,
)


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
