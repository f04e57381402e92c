"""The shipped data package: valid, cited, coherent with the model's coordinates."""

from __future__ import annotations

import pytest
from frictionless import Package

from corridor import dims as coords
from corridor.data import PACKAGE_DIR, Data, descriptor
from corridor.errors import InputError


def test_package_is_valid_frictionless():
    report = Package(str(PACKAGE_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


@pytest.mark.parametrize("name", [r["name"] for r in descriptor()["resources"]])
def test_every_row_is_cited(data, name):
    df = data.table(name)
    assert len(df) > 0
    assert df.source.str.len().min() > 10
    assert df.confidence.str.len().min() > 2
    assert not df.source.str.contains("PENDING").any()


def test_enums_match_the_model_coordinates():
    fields = {(r["name"], f["name"]): f for r in descriptor()["resources"]
              for f in r["schema"]["fields"]}
    assert fields[("ev_sales", "region")]["constraints"]["enum"] == list(coords.REGION_PARTS)
    assert fields[("mineral_intensity", "chemistry")]["constraints"]["enum"] == list(
        coords.CHEMISTRIES)
    assert fields[("pack_size", "segment")]["constraints"]["enum"] == list(coords.SEGMENTS)
    assert fields[("recovery_rate", "mineral")]["constraints"]["enum"] == list(
        coords.CHAIN_MINERALS)
    for table in ("cleantech_intensity", "cleantech_recycling"):
        assert fields[(table, "mineral")]["constraints"]["enum"] == list(coords.MINERALS)
    assert fields[("cleantech_deployment", "region")]["constraints"]["enum"] == list(
        coords.REGION_PARTS)


def test_clean_energy_tables_agree(data):
    """Every technology has a lifetime, a mix and a History row in every region; each
    year's design shares sum to one; every intensity row's design is in the mix."""
    techs = set(data.table("cleantech_technology").technology)
    assert techs <= set(data.table("lifetime").group)
    mix = data.table("cleantech_mix")
    assert set(mix.technology) == techs
    assert ((mix.groupby(["technology", "year"]).share.sum() - 1).abs() < 1e-9).all()
    deployment = data.table("cleantech_deployment")
    history = deployment[deployment.scenario == "History"]
    assert set(zip(history.technology, history.region, strict=True)) == {
        (t, r) for t in techs for r in coords.REGION_PARTS}
    intensity = data.table("cleantech_intensity")
    designs = set(zip(mix.technology, mix.design, strict=True))
    assert set(zip(intensity.technology, intensity.design, strict=True)) <= designs


def test_chemistry_anchors_sum_to_one(data):
    sums = data.table("chemistry_share").groupby(["application", "region", "pathway",
                                                  "year"]).value.sum()
    assert ((sums - 1).abs() < 1e-9).all()


def test_lfp_intensity_is_batpac(data):
    """Spot checks against the BatPaC compilations: 5.2 (sheet Li, E2, E94) where it has
    the mineral, 5.1 (sheet BatPac, C207) where not."""
    mi = data.table("mineral_intensity").set_index(["chemistry", "anode", "mineral"]).value
    assert mi[("LFP", "Graphite", "Lithium")] == pytest.approx(0.088958, abs=1e-6)
    assert mi[("NMC811", "Graphite", "Nickel")] == pytest.approx(0.607822, abs=1e-6)
    assert mi[("LFP", "Graphite", "Phosphorus")] == pytest.approx(0.391581, abs=1e-6)
    assert mi[("LFP", "Graphite", "Cobalt")] == 0


def override(tmp_path, name, text):
    folder = tmp_path / "tables"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return Data(folder)


HEADER = "chemistry,anode,mineral,value,unit,source,confidence\n"


@pytest.mark.parametrize(("text", "message"), [
    (HEADER + "LFP,Graphite,Lithium,-0.1,kg/kWh,x source here,high\n",
     "row 2, field 'value': '-0.1' is not allowed (allowed: at least 0)"),
    (HEADER + "LFP,Graphite,Lithium,abc,kg/kWh,x source here,high\n",
     "row 2, field 'value': 'abc' is not a number"),
    (HEADER + "XYZ,Graphite,Lithium,0.1,kg/kWh,x source here,high\n", "row 2, field 'chemistry'"),
    (HEADER + "LFP,Graphite,Lithium,0.1,kg/kWh,x source here,high\n"
              "LFP,Graphite,Lithium,0.2,kg/kWh,x source here,high\n",
     "row 3: duplicate row (the same key as row 2)"),
    ("chemistry,mineral,value\nLFP,Lithium,0.1\n", "missing column"),
])
def test_malformed_override_tables_name_row_and_field(tmp_path, text, message):
    data = override(tmp_path, "mineral_intensity", text)
    with pytest.raises(InputError) as err:
        data.table("mineral_intensity")
    assert "mineral_intensity.csv" in str(err.value)
    assert message in str(err.value)


def test_incomplete_override_is_named(tmp_path):
    from corridor.demand.materials import intensity

    data = override(tmp_path, "mineral_intensity",
                    HEADER + "LFP,Graphite,Lithium,0.1,kg/kWh,xx yy,high\n")
    with pytest.raises(InputError, match="no row for NMC111 Graphite Lithium"):
        intensity(data)


def test_missing_data_folder(tmp_path):
    with pytest.raises(InputError, match="data directory not found"):
        Data(tmp_path / "absent")
