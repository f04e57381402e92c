"""Global sensitivity (Sobol, SALib on Dask): indices against an analytic case, the command
line end to end, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import corridor
from corridor.cli import app
from corridor.config import load_scenario
from corridor.data import Data
from corridor.demand import uncertainty
from corridor.demand.chain import chain, with_world
from corridor.demand.inputs import prepare
from corridor.demand.sensitivity import sobol
from corridor.dims import MODES

runner = CliRunner()
CHOSEN = {"region": "World", "year": 2040, "mineral": "Lithium"}


def test_an_additive_model_has_indices_equal_to_its_variance_shares(data, tmp_path):
    """Only pack sizes vary (lognormal, the same sd per mode): lithium demand is then
    sum_m a_m p_m, so S1_m = ST_m = a_m^2 / sum_k a_k^2. The a_m come from central runs
    with one mode's pack size doubled (an independent method: no sampling)."""
    path = tmp_path / "packs.yaml"
    path.write_text("base: STEPS\nuncertainty: {lifetime_cv: 0, pack_cv: 0.1, cases: [],"
                    " adoption_range: [1, 1], scrap_range: [1, 1], collection_range: [1, 1],"
                    " recovery_range: [1, 1]}\n", encoding="utf-8")
    inputs = prepare(data, load_scenario(path), uncertain=True)
    table, runs = sobol(inputs, "material_demand", CHOSEN, samples=512, seed=3)
    technologies = uncertainty.sampled_technologies(inputs)
    names = [f.name for f in uncertainty.factors(inputs.scenario, technologies)]

    def lithium(mode: str | None) -> float:
        unit = np.full((1, len(names)), 0.5)  # the lognormal's median: exp(-sigma^2 / 2)
        params = uncertainty.multipliers(inputs.scenario, unit, technologies)
        if mode is not None:
            params["pack_scale"].loc[{"mode": mode}] *= 2
        return float(with_world(chain(inputs, params, detail=False)).material_demand.sel(
            CHOSEN).item())

    base = lithium(None)
    slopes = {m: lithium(m) - base for m in MODES}
    share = {f"Pack size|{m}": a**2 / sum(b**2 for b in slopes.values())
             for m, a in slopes.items()}
    expected = pd.Series(share).reindex(table.index, fill_value=0.0)
    assert share["Pack size|Cars"] > 0.5  # cars dominate: a real test of the ranking
    np.testing.assert_allclose(table.S1, expected, atol=0.05)
    np.testing.assert_allclose(table.ST, expected, atol=0.03)
    others = table.drop(index=list(share))
    assert (others.ST.abs() < 1e-9).all()
    assert len(runs) == 512 * (len(names) + 2)


def test_the_api_names_its_output_and_is_reproducible():
    a = corridor.sensitivity("Battery Demand|Electric Vehicles", "KR", 2035, samples=16,
                             seed=2)
    b = corridor.sensitivity("Battery Demand|Electric Vehicles", "South Korea", 2035,
                             samples=16, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["unit"] == "GWh/yr" and a.attrs["region"] == "South Korea"
    assert a.attrs["mean"] > 0 and a.attrs["sd"] > 0
    assert a.index[0].startswith(("EV adoption|", "Pack size|"))  # what drives GWh


def test_rare_earths_answer_to_electric_car_motors_and_wind_turbines():
    """Neodymium, beyond the battery chain: its draws carry the motors of new cars (so car
    adoption moves it) and the generators of wind turbines (their intensity ranges)."""
    table = corridor.sensitivity("Material Demand|Neodymium", "World", 2040, samples=32)
    assert table.attrs["unit"] == "kt/yr" and table.attrs["sd"] > 0
    assert table.index[0] == "EV adoption|Cars"
    assert table.loc["Clean-energy intensity|Wind Onshore", "ST"] > 0.02
    assert table.loc["Lifetime|Cars", "ST"] < 0.01  # new motors, not retired ones, set it


def test_the_clean_energy_multiple_has_its_drivers():
    """The headline "how many times 2020" question: a ratio (unit 1) whose spread comes
    from the grid's intensities, car packs and car adoption."""
    table = corridor.sensitivity(
        "Material Demand Multiple|Clean Energy Technologies|Over 2020", "World", 2040, "NZE",
        samples=64)
    assert table.attrs["unit"] == "1" and 5 < table.attrs["mean"] < 10
    assert "Clean-energy intensity|Electricity Networks" in table.index[:3]
    assert {"Pack size|Cars", "EV adoption|Cars"} & set(table.index[:3])


def test_the_command_writes_the_table_and_the_tornado(tmp_path):
    out = tmp_path / "s"
    args = ["sensitivity", "--output", "Material Demand|Lithium", "--region", "Canada",
            "--year", "2040", "--samples", "32", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Sobol indices of Material Demand|Lithium (kt Li/yr), Canada 2040" in result.output
    table = pd.read_csv(out / "sensitivity.csv", index_col="input")
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    steps = prepare(Data(), load_scenario("STEPS"), uncertain=True)
    assert len(table) == len(uncertainty.factors(steps.scenario,
                                                 uncertainty.sampled_technologies(steps)))
    assert "Clean-energy intensity|Electricity Networks" in table.index
    assert {"sensitivity.png", "sensitivity.html", "manifest.json"} <= {
        p.name for p in out.iterdir()}
    again = runner.invoke(app, args)  # an earlier output is replaced
    assert again.exit_code == 0, again.output
    pd.testing.assert_frame_equal(table, pd.read_csv(out / "sensitivity.csv",
                                                     index_col="input"))


@pytest.mark.parametrize(("option", "message"), [
    (["--output", "Material Demand|Unobtainium"], "output 'Material Demand|Unobtainium': "
     "not a variable the Monte Carlo reports"),
    (["--output", "Material Demand|Lithium|Electric Vehicles"], "not a variable the Monte "
     "Carlo reports"),
    (["--samples", "1000"], "samples 1000: not a power of two"),
    (["--year", "2070"], "year 2070: not between"),
    (["--region", "Atlantis"], "unknown region 'Atlantis'"),
    (["--scheduler", "tcp://127.0.0.1:9"], "scheduler tcp://127.0.0.1:9: no Dask scheduler "
     "answered"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, option, message):
    out = tmp_path / "s"
    result = runner.invoke(app, ["sensitivity", "--samples", "16", *option, "--out",
                                 str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()
