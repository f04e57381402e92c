"""Trade-layer speed (pytest-benchmark): ``pytest -n 0 benchmarks/test_trade_speed.py
--benchmark-only -s``.

* ``test_exposure_all``: exposure of every country for every product and year of the
  shipped snapshot (target 200 ms), flows already loaded as in a run.
* ``test_gsim_12_regions``: a tariff shock on every one of the chain's 26 HS codes among 12
  regions (11 named and Other) on random flows of a fetched release's shape (target 1 s).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.data import Data
from corridor.trade.dependence import exposure
from corridor.trade.flows import _build, load, products
from corridor.trade.shocks import shock
from corridor.trade.tariffs import TariffScenario

COUNTRIES = ["CAN", "KOR", "USA", "CHN", "JPN", "MEX", "EU27", "CHL", "AUS", "IDN", "IND"]


def test_exposure_all(benchmark):
    data = Data()
    flows = load(data)
    exposure(flows, data=data)  # tables read once, as in a run
    result = benchmark(exposure, flows, None, data)
    assert result.country.size == 6


def random_flows(data: Data):
    rng = np.random.default_rng(0)
    rows = []
    for hs6 in products(data).index:
        bilateral = {(a, b): rng.lognormal(16, 2) for a in COUNTRIES for b in COUNTRIES
                     if a != b}
        rows += [(a, b, hs6, v) for (a, b), v in bilateral.items()]
        for c in COUNTRIES:
            rows.append((c, "WLD", hs6, sum(v for (a, _), v in bilateral.items() if a == c)
                         * 1.2))
            rows.append(("WLD", c, hs6, sum(v for (_, b), v in bilateral.items() if b == c)
                         * 1.2))
    df = pd.DataFrame(rows, columns=["exporter", "importer", "hs6", "value_usd"])
    return _build(df.assign(year=2024, qty_kg=df.value_usd / 5, release="random"),
                  products(data))


def test_gsim_12_regions(benchmark):
    data = Data()
    flows = random_flows(data)
    scenario = TariffScenario.model_validate({
        "name": "bench", "before": "2025-01-01", "after": "2025-06-01", "measures": [{
            "name": "all", "imposer": "USA", "targets": ["all"], "products": ["all"],
            "rate": 0.25, "start": "2025-03-01", "source": "benchmark"}]})
    result = benchmark(shock, scenario, flows)
    assert result.hs6.size == 26 and result.region.size == 12
