"""The web app through FastAPI's test client: the API's reads against the Python API, writes
with and without a token on both databases, every bad input's status and message, and the
pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from corridor.cli import app as cli
from corridor.web import create_app
from tests.hostile.contract import runner

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CATHODE = yaml.safe_load((EXAMPLES / "cathode-becancour.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reader(tmp_path_factory, data):
    """An app on an empty SQLite registry, shared by the read-only tests."""
    return TestClient(create_app(tmp_path_factory.mktemp("web") / "r.sqlite", data))


def test_results_are_the_runs_iamc_rows(reader, results):
    rows = reader.get("/api/results", params={"scenario": "STEPS", "variable":
                                              "Material Demand|Lithium*", "region": "Canada",
                                              "year": 2030}).json()
    expected = results.to_iamc()
    expected = expected[(expected.scenario == "STEPS") & (expected.region == "Canada")
                        & (expected.year == 2030)
                        & expected.variable.str.startswith("Material Demand|Lithium")]
    got = {r["variable"]: r["value"] for r in rows}
    assert got == pytest.approx(dict(zip(expected.variable, expected.value, strict=True)))
    assert len(got) == 3
    runs = reader.app.state.corridor.runs
    assert runs.results("STEPS") is runs.results("STEPS")  # cached


def test_requests_arriving_during_a_run_wait_for_it(data):
    """Four threads asking at once for a scenario not yet run get one run's results."""
    from concurrent.futures import ThreadPoolExecutor

    from corridor.web.runs import Runs

    runs = Runs(data)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _: runs.results(("APS", "NZE")), range(4)))
    assert all(r is got[0] for r in got) and runs.progress(("APS", "NZE"))["state"] == "ready"


@pytest.mark.parametrize("params, status, message", [
    ({"scenario": "XYZ"}, 404, "scenario 'XYZ': not known"),
    ({"variable": "Nope"}, 404, "variable 'Nope': not in the results"),
    ({"region": "Atlantis"}, 404, "region 'Atlantis': not in the results"),
    ({"year": "soon"}, 422, "year"),
])
def test_a_bad_query_is_named(reader, params, status, message):
    answer = reader.get("/api/results", params=params)
    assert answer.status_code == status and message in answer.json()["detail"]


def test_other_reads(reader):
    assert {s["name"] for s in reader.get("/api/scenarios").json()} >= {"STEPS", "APS", "NZE"}
    cathode = reader.get("/api/facilities", params={"country": "CA", "stage": "cathode"}).json()
    assert cathode and {f["stage"] for f in cathode} == {"cathode"}
    rows = reader.get("/api/balances", params={"scenario": "STEPS", "year": 2030}).json()
    assert {"demand_coverage", "self_sufficiency"} <= set(rows[0])
    shares = reader.get("/api/trade/exposure", params={"country": "CA", "year": 2024}).json()
    graphite = [r for r in shares if r["partner"] == "USA" and r["hs6"] == "250410"]
    assert graphite[0]["export_share"] == pytest.approx(0.7557, abs=1e-4)
    assert reader.get("/openapi.json").json()["info"]["title"] == "corridor"


def test_scenario_uploads(reader):
    assert reader.post("/api/scenarios", content=b"name: faster\nbase: STEPS\n").json() == {
        "name": "faster"}
    assert "faster" in {s["name"] for s in reader.get("/api/scenarios").json()}
    bad = reader.post("/api/scenarios", content=b"name: odd\nbase: STEPS\ncolour: red\n")
    assert bad.status_code == 400 and "colour: unknown key" in bad.json()["detail"]
    big = reader.post("/api/scenarios", content=b"#" * 300_000)
    assert big.status_code == 413


def test_writes_need_a_token_and_lose_nothing(url, data):
    client = TestClient(create_app(url, data))
    registry = client.app.state.corridor.registry
    token = registry.add_user("ana")
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/projects", json=CATHODE).status_code == 401
    assert client.post("/api/projects", json=CATHODE,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    added = client.post("/api/projects", json=CATHODE, headers=auth)
    assert added.status_code == 201 and added.json()["version"] == 1
    for body, status, message in (
            (CATHODE, 409, "already in the registry"),
            (CATHODE | {"id": "x1", "capacity": -1}, 422, "capacity: Input should be greater"),
            (CATHODE | {"id": "x2", "type": "smelter"}, 422, "type: Input should be")):
        answer = client.post("/api/projects", json=body, headers=auth)
        assert answer.status_code == status and message in answer.json()["detail"]
    assert client.post("/api/projects", content=b"{not json", headers=auth).status_code == 400
    assert client.post("/api/projects", content=b" " * 1_100_000,
                       headers=auth).status_code == 413
    edited = client.patch("/api/projects/cathode-becancour?version=1",
                          json={"capacity": 50000}, headers=auth)
    assert edited.json()["version"] == 2
    stale = client.patch("/api/projects/cathode-becancour?version=1", json={"capacity": 1},
                         headers=auth)
    assert stale.status_code == 409
    assert client.put("/api/projects/cathode-becancour/status", json={"status": "recommended"},
                      headers=auth).json()["status"] == "recommended"
    history = client.get("/api/projects/cathode-becancour/history").json()
    assert [(h["version"], h["author"], h["action"]) for h in history] == [
        (1, "ana", "add"), (2, "ana", "edit"), (3, "ana", "status")]
    assert client.get("/api/projects/nope").status_code == 404
    assert [r.id for r in registry.list()] == ["cathode-becancour"]  # nothing half-added
    # only the token's hash is stored
    engine = create_engine(registry.url)
    with engine.connect() as con:
        stored = con.execute(text("select token_sha256 from users")).scalars().all()
    engine.dispose()
    assert token not in stored and len(stored[0]) == 64


def test_assessment_rank_and_report(tmp_path, data):
    client = TestClient(create_app(tmp_path / "r.sqlite", data))
    registry = client.app.state.corridor.registry
    auth = {"Authorization": f"Bearer {registry.add_user('ana')}"}
    assembly = yaml.safe_load((EXAMPLES / "ev-assembly-ontario.yaml").read_text("utf-8"))
    for body in (CATHODE, assembly):
        assert client.post("/api/projects", json=body, headers=auth).status_code == 201
    a = client.get("/api/projects/cathode-becancour/assessment").json()
    lithium = [n for n in a["needs"] if n["mineral"] == "Lithium" and n["year"] == 2030]
    assert lithium[0]["need_t"] == pytest.approx(2140, abs=1)
    ranked = client.get("/api/rank").json()
    assert [r["project"] for r in ranked["table"]] == ["ev-assembly-ontario",
                                                        "cathode-becancour"]
    # all the weight on time to production: the cathode plant (2029) before the assembly
    # plant (2030), on the API and on the page
    soonest = client.get("/api/rank", params={"weight": "years_to_production:1"}).json()
    assert [r["project"] for r in soonest["table"]] == ["cathode-becancour",
                                                         "ev-assembly-ontario"]
    assert soonest["weights"] == {"years_to_production": 1.0}
    zero = {c: 0 for c in ranked["weights"]}
    page = client.get("/projects/rank", params=zero | {"years_to_production": 2}).text
    assert page.index("/projects/cathode-becancour") < page.index("/projects/ev-assembly")
    assert client.get("/api/rank", params={"weight": "jobs=1"}).status_code == 400
    bad = client.get("/projects/rank", params={"direct_jobs": "many"})
    assert bad.status_code == 400 and "direct_jobs: a weight is a number" in bad.text
    pdf = client.get("/api/projects/cathode-becancour/report.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def scenario_page(client, query: str):
    """The scenarios page for ``query`` once its run is made: the first answer is the
    progress page (202, not to be cached), then asked again as its script does."""
    page = client.get(f"/scenarios?{query}")
    if page.status_code == 202:
        assert "The first run of" in page.text and "no-store" in page.headers[
            "cache-control"]
    while page.status_code == 202:
        time.sleep(0.1)
        page = client.get(f"/scenarios?{query}")
    return page


def test_pages(reader):
    for path in ("/", "/facilities?country=CA", "/projects"):
        page = reader.get(path)
        assert page.status_code == 200 and "<h1>" in page.text, path
    page = scenario_page(reader, "scenario=APS")
    assert page.status_code == 200 and "Plotly.newPlot" in page.text
    assert reader.get("/static/plotly.min.js").status_code == 200
    missing = reader.get("/projects/nope")
    assert missing.status_code == 404 and "project &#39;nope&#39;: not in the registry" in \
        missing.text


def test_downloads_of_a_scenario(reader, results):
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(reader.get("/download/results.csv?scenario=STEPS").text))
    expected = results.to_iamc()
    assert len(table) == (expected.scenario == "STEPS").sum()
    book = reader.get("/download/results.xlsx?scenario=STEPS")
    assert book.content[:2] == b"PK" and "canada_korea" in pd.ExcelFile(
        io.BytesIO(book.content), engine="calamine").sheet_names
    page = reader.get("/download/figures.html?scenario=STEPS").text
    assert page.count("Plotly.newPlot") >= 7 and "<script src=" not in page
    assert reader.get("/download/secrets.txt?scenario=STEPS").status_code == 404


def test_users_add_prints_a_token_once(tmp_path):
    db = str(tmp_path / "r.sqlite")
    result = runner.invoke(cli, ["users", "add", "Ana Analyst", "--db", db])
    assert result.exit_code == 0 and "token for Ana Analyst" in result.output
    again = runner.invoke(cli, ["users", "add", "Ana Analyst", "--db", db])
    assert again.exit_code == 2 and "already exists" in again.output


def test_scenarios_compared_for_a_region_and_minerals(reader):
    """Two scenarios' lithium demand in Canada: the chart's lines are the runs' numbers."""
    import json
    import re

    from corridor.orchestrator import run

    page = scenario_page(reader, "scenario=APS&scenario=NZE&region=Canada&mineral=Lithium")
    assert page.status_code == 200
    figure = json.loads(re.search(r'id="demand_by_mineral-data">(.*?)</script>', page.text,
                                  re.S).group(1).replace("<\\/", "</"))
    lines = {t["name"]: t for t in figure["data"] if t.get("name") in ("APS", "NZE")}
    assert set(lines) == {"APS", "NZE"} and "Canada" in figure["layout"]["title"]["text"]
    demand = run(["APS", "NZE"], tariffs=[]).demand.material_demand
    assert demand.attrs["units"] == "kt/yr"  # as the chart shows it
    expected = demand.sel(region="Canada", mineral="Lithium", year=2040).sum("application")
    for name, line in lines.items():
        got = dict(zip(line["x"], line["y"], strict=True))[2040]
        assert got == pytest.approx(float(expected.sel(scenario=name)), rel=1e-9)
    for query, message in (("region=Atlantis", "region 'Atlantis': not known"),
                           ("mineral=Gold", "mineral 'Gold': not known"),
                           ("scenario=XYZ", "scenario 'XYZ': not known")):
        answer = reader.get(f"/scenarios?{query}")
        assert answer.status_code == 404 and message in answer.text.replace("&#39;", "'")


def test_edit_form_needs_a_token_and_the_version_read(tmp_path, data):
    """The project page's edit form: saved with a token at the version read; refused
    without one, when stale, or with a bad value, and nothing half-written."""
    import re

    client = TestClient(create_app(tmp_path / "r.sqlite", data))
    registry = client.app.state.corridor.registry
    token = registry.add_user("ana")
    client.post("/api/projects", json=CATHODE, headers={"Authorization": f"Bearer {token}"})
    page = client.get("/projects/cathode-becancour").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert "capex: 1200000000.0" in page  # the fields, as YAML to edit

    def edit(fields: str, version: int, with_token: str = token, form_csrf: str = csrf):
        return client.post("/projects/cathode-becancour/edit", follow_redirects=False,
                           data={"csrf": form_csrf, "version": str(version),
                                 "token": with_token, "fields": fields})

    assert edit("capex: 9.0e8\n", 1).status_code == 303
    for answer, status, message in (
            (edit("capex: 8.0e8\n", 1), 409, "changed since version 1 (now version 2)"),
            (edit("capex: 8.0e8\n", 2, "wrong"), 401, "a write needs a user's token"),
            (edit("capex: 8.0e8\n", 2, form_csrf="forged"), 400, "sent from another site"),
            (edit("capex: -1\n", 2), 422, "capex: Input should be greater than or equal"),
            (edit("id: other\n", 2), 400, "id: cannot be changed"),
            (edit("colour: red\n", 2), 400, "colour: unknown field"),
            (edit("capex: [1\n", 2), 400, "not valid YAML")):
        assert answer.status_code == status, answer.text
        assert message in answer.text.replace("&#39;", "'"), answer.text
    history = registry.history("cathode-becancour")
    assert [(c.version, c.action, c.fields) for c in history][1:] == [
        (2, "edit", {"capex": [1.2e9, 9.0e8]})]


def test_trade_page_shocks_a_builtin_or_an_uploaded_file(reader, data):
    """The tariff-shock form: a built-in by name, or an uploaded file, gives the shock the
    Python API gives; paths and bad files are refused."""
    import re

    import corridor.trade as trade

    builtin = "us-section301-graphite-2026"
    expected = trade.shock(builtin, data, "smart")
    page = reader.get("/trade", params={"country": "KR", "tariffs": builtin, "model": "smart"})
    lost = float(expected.lost.sum()) / 1e6
    assert page.status_code == 200 and f"{lost:,.2f}" in page.text
    path = Path(trade.tariffs.BUILTIN_DIR / f"{builtin}.yaml")
    mine = path.read_text(encoding="utf-8").replace("name: ", "name: Mine, ", 1)
    uploaded = reader.post("/trade", data={"country": "CA", "model": "gsim"},
                           files={"file": ("mine.yaml", mine.encode())})
    welfare = float(trade.shock(path, data).welfare.sel(region="USA").sum()) / 1e6
    assert uploaded.status_code == 200 and "Tariff shock: Mine, US Section 301" in uploaded.text
    assert re.search(rf"USA {welfare:+,.2f}", uploaded.text)
    for answer, status, message in (
            (reader.get("/trade", params={"tariffs": str(path)}), 404, "not a built-in"),
            (reader.post("/trade", files={"file": ("x.yaml", b"name: x\n")}), 400,
             "uploaded file x.yaml: before: Field required"),
            (reader.post("/trade", files={"file": ("x.yaml", b"#" * 300_000)}), 413,
             "over 250,000 bytes"),
            (reader.post("/trade", files={"file": ("x.yaml", b"\xff\xfe")}), 400,
             "not UTF-8"),
            (reader.post("/trade", data={"country": "CA"}), 400, "file: choose")):
        assert answer.status_code == status and message in answer.text, answer.text


def test_technology_cases_on_the_pages_and_the_api(reader):
    """A case picked on the scenarios page adds <scenario>+<case> beside the scenario; the
    API answers for it as for any scenario."""
    page = scenario_page(reader, "scenario=STEPS&case=silicon-rich&mineral=Silicon")
    assert page.status_code == 200 and "Scenarios STEPS, STEPS+silicon-rich" in page.text
    assert 'name="case" value="silicon-rich" checked' in page.text
    cases = reader.get("/api/cases").json()
    assert [c["name"] for c in cases] == ["faster-lfp-sodium", "high-nickel", "silicon-rich",
                                          "solid-state"]
    rows = reader.get("/api/results", params={
        "scenario": ["STEPS", "STEPS+silicon-rich"],
        "variable": "Material Demand|Silicon|Electric Vehicles",
        "region": "World", "year": 2040}).json()
    silicon = {r["scenario"]: r["value"] for r in rows}
    assert silicon["STEPS+silicon-rich"] > 2 * silicon["STEPS"] > 0
    assert reader.get("/scenarios?case=warp").status_code == 404
    assert reader.get("/api/results", params={"scenario": "STEPS+warp"}).status_code == 404
