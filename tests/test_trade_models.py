"""Tariff models against worked examples: a SMART preferential cut derived by hand from the
WITS formulas, and the published four-region GSIM example (Francois and Hall's model;
world price changes 0.0792, -0.0316, 0.0480, -0.0184 for a US-EU agreement)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from corridor.trade.models import gsim, smart

EXPORTERS = ["CAN", "KOR", "CHN"]


def by_exporter(values) -> xr.DataArray:
    return xr.DataArray(np.asarray(values, float), coords={"exporter": EXPORTERS})


@pytest.fixture
def cut_for_canada():
    """The US cuts its 25% tariff to zero for Canada only (illustrative inputs)."""
    return smart(by_exporter([100, 50, 150]), by_exporter([0.25] * 3),
                 by_exporter([0, 0.25, 0.25]), import_elasticity=-1.5)


def test_smart_creation_and_diversion(cut_for_canada):
    r = cut_for_canada
    # creation Em*M*dt/(1+t0) = -1.5*100*(-0.25)/1.25; the others' tariffs do not change
    np.testing.assert_allclose(r.creation, [30, 0, 0])
    # diversion Es*M_CAN*M_K/(M_CAN+M_K)*0.2 = 20, taken from Korea and China by size
    np.testing.assert_allclose(r.diversion, [20, -5, -15])
    assert float(r.diversion.sum()) == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(r.imports_after, [150, 45, 135])


def test_smart_revenue_and_welfare(cut_for_canada):
    r = cut_for_canada
    assert float(r.revenue_before) == pytest.approx(75)  # 0.25 * 300
    assert float(r.revenue_after) == pytest.approx(45)  # 0.25 * (45 + 135)
    assert float(r.revenue_change) == pytest.approx(-30)
    assert float(r.welfare) == pytest.approx(3.75)  # 0.5 * 0.25 * 30


def test_smart_finite_supply_elasticity():
    """With Ex = 99 (WITS's default, which WITS itself treats as infinite) the closed
    form gives 30 / (1 + 1.5/99)."""
    r = smart(by_exporter([100, 50, 150]), by_exporter([0.25] * 3),
              by_exporter([0, 0.25, 0.25]), import_elasticity=-1.5, supply_elasticity=99)
    assert float(r.creation.sel(exporter="CAN")) == pytest.approx(29.552239, abs=1e-6)


REGIONS = ["US", "JP", "EU", "RW"]


def matrix(rows) -> xr.DataArray:
    return xr.DataArray(np.array(rows, float), dims=("exporter", "importer"),
                        coords={"exporter": REGIONS, "importer": REGIONS})


@pytest.fixture
def us_eu_agreement():
    flows = matrix([[0, 50, 200, 300], [500, 0, 150, 200], [300, 100, 200, 200],
                    [50, 100, 110, 20]])
    before = matrix([[1.00, 1.21, 1.41, 1.22], [1.37, 1.00, 1.31, 1.23],
                     [1.32, 1.36, 1.00, 1.18], [1.57, 1.41, 1.25, 1.15]])
    after = before.copy()
    after.loc["EU", "US"] = after.loc["US", "EU"] = 1.0
    return gsim(flows, before, after, import_elasticity=-1.25, supply_elasticity=1.5,
                substitution_elasticity=5)


def test_gsim_reproduces_the_published_prices(us_eu_agreement):
    np.testing.assert_allclose(us_eu_agreement.price_change.round(4),
                               [0.0792, -0.0316, 0.0480, -0.0184])


def test_gsim_welfare(us_eu_agreement):
    r = us_eu_agreement.round(2)
    np.testing.assert_allclose(r.producer_surplus, [46.14, -26.24, 39.82, -5.07])
    np.testing.assert_allclose(r.consumer_surplus, [110.6, -8.88, 68.56, -32.86])
    np.testing.assert_allclose(r.tariff_revenue, [-138.52, 0.62, -93.84, -2.87])
    np.testing.assert_allclose(r.welfare, [18.21, -34.49, 14.54, -40.8])


def test_gsim_markets_clear(us_eu_agreement):
    """Independent check: each exporter's sales at the new prices equal its supply."""
    r = us_eu_agreement
    sold = r.flows_after.sum("importer") / (1 + r.price_change)
    before = 0 * r.price_change + np.array([550, 850, 800, 280])
    np.testing.assert_allclose(sold, before * (1 + 1.5 * r.price_change), rtol=1e-9)


def test_no_tariff_change_changes_nothing(us_eu_agreement):
    flows = matrix(np.arange(16).reshape(4, 4) + 1)
    power = flows * 0 + 1.1
    r = gsim(flows, power, power, -1.25, 1.5, 5)
    np.testing.assert_allclose(r.price_change, 0, atol=1e-12)
    np.testing.assert_allclose(r.flows_after, flows)
    np.testing.assert_allclose(r.welfare, 0, atol=1e-9)


@pytest.mark.parametrize("bad", [{"import_elasticity": 1.0}, {"supply_elasticity": -1.0},
                                 {"substitution_elasticity": -5.0}])
def test_wrong_signs_are_refused(bad):
    flows = matrix(np.ones((4, 4)))
    args = {"import_elasticity": -1.25, "supply_elasticity": 1.5,
            "substitution_elasticity": 5, **bad}
    with pytest.raises(ValueError, match="elasticities"):
        gsim(flows, flows, flows, **args)
