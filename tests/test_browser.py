"""The web app in a real browser: Debian's Chromium driven by Playwright against the app
served by uvicorn on loopback. Every page loads without console errors, a scenario's chart
is drawn, a project is added with a token and refused without one, and a screenshot of
each page is written (to ``$CORRIDOR_SCREENSHOTS``, else a temporary folder).

Chromium: ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package); without it these
tests are skipped, unless ``$CORRIDOR_REQUIRE_BROWSER`` is set (as in CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from corridor.web import create_app

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"home": "/", "scenarios": "/scenarios", "chain": "/chain",
         "facilities": "/facilities?country=CA", "trade": "/trade?country=CA",
         "projects": "/projects", "project": "/projects/cathode-becancour",
         "new-project": "/projects/new", "rank": "/projects/rank", "api-docs": "/docs"}


@pytest.fixture(scope="module")
def server(tmp_path_factory, data):
    """The app on a free loopback port, with one project and a user; yields (url, token)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CORRIDOR_REQUIRE_BROWSER"):
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip("no Chromium (apt-get install chromium)")
    import uvicorn

    from corridor.projects import read

    app = create_app(tmp_path_factory.mktemp("browser") / "r.sqlite", data)
    registry = app.state.corridor.registry
    cathode = read(EXAMPLES / "cathode-becancour.yaml")[0]
    registry.add(cathode, author="setup")
    # a second, made-up phase, so that the ranking page has two projects to rank
    registry.add(cathode.model_copy(update={"id": "cathode-phase-2", "start_year": 2032,
                                            "capacity": 15000.0}), author="setup")
    token = registry.add_user("ana")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", token
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CORRIDOR_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_console_errors(server, browser, shots, name):
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    answer = page.goto(url + PAGES[name], wait_until="networkidle")
    if name == "scenarios" and answer.status == 202:  # a first run: progress, then charts
        page.wait_for_selector("#demand_by_mineral .main-svg", timeout=60_000)
    else:
        assert answer.status == 200
    heading = ".swagger-ui .info .title" if name == "api-docs" else "h1"
    assert page.locator(heading).first.inner_text()
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.close()
    assert problems == []


def test_a_scenario_is_run_and_its_chart_drawn(server, browser, shots):
    """Two scenarios compared for Canada: the first run shows its progress, then the
    page reloads itself with the charts."""
    url, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/scenarios?scenario=STEPS&mineral=Lithium")
    page.wait_for_selector("#demand_by_mineral .main-svg", timeout=60_000)
    page.check("input[name=scenario][value=NZE]")
    page.select_option("select[name=region]", "Canada")
    with page.expect_navigation() as navigation:
        page.click("button:has-text('Show')")
    assert navigation.value.status == 202  # not run yet: the progress page
    assert "The first run of STEPS, NZE" in page.inner_text("main")
    page.screenshot(path=str(shots / "scenarios-first-run.png"))
    page.wait_for_selector("#demand_by_mineral .main-svg", timeout=60_000)
    assert page.url.endswith("scenario=STEPS&scenario=NZE&region=Canada&mineral=Lithium")
    assert "Canada material demand by mineral" in page.inner_text("#demand_by_mineral")
    assert page.locator("#demand_by_mineral .scatterlayer .trace").count() == 2
    page.screenshot(path=str(shots / "scenarios-compared.png"), full_page=True)
    page.close()


def test_a_project_is_added_with_a_token_and_refused_without(server, browser):
    url, token = server
    text = (EXAMPLES / "ev-assembly-ontario.yaml").read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(url + "/projects/new")
    page.fill("textarea[name=project]", text)
    page.fill("input[name=token]", "not a token")
    with page.expect_navigation():
        page.click("button:has-text('Add')")
    assert "a write needs a user's token" in page.inner_text("main")
    page.goto(url + "/projects/new")
    page.fill("textarea[name=project]", text)
    page.fill("input[name=token]", token)
    page.click("button:has-text('Add')")
    page.wait_for_url("**/projects/ev-assembly-ontario")
    assert "ana" in page.inner_text("main")  # the history names the author
    page.close()


def test_uploads_from_the_pages(server, browser, shots, tmp_path):
    """A scenario file uploaded from the scenarios page is run and drawn; a tariff file
    uploaded from the trade page gives its shock; a bad file gets its message."""
    url, _ = server
    scenario = tmp_path / "faster.yaml"
    scenario.write_text("name: faster-uptake\nbase: STEPS\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/scenarios?mineral=Lithium")
    page.wait_for_selector("#demand_by_mineral .main-svg", timeout=60_000)
    page.set_input_files("input[name=file]", str(scenario))
    page.click("button:has-text('Upload')")
    page.wait_for_selector("#demand_by_mineral .main-svg", timeout=60_000)
    assert "scenario=faster-uptake" in page.url
    assert page.is_checked("input[name=scenario][value=faster-uptake]")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: odd\nbase: STEPS\ncolour: red\n", encoding="utf-8")
    page.set_input_files("input[name=file]", str(bad))
    page.click("button:has-text('Upload')")
    assert "colour" in page.inner_text(".error")
    tariffs = tmp_path / "mine.yaml"
    builtin = Path(__file__).parents[1] / "src/corridor/trade/scenarios"
    tariffs.write_text((builtin / "us-section301-graphite-2026.yaml").read_text("utf-8")
                       .replace("name: ", "name: Mine, ", 1), encoding="utf-8")
    page.goto(url + "/trade?country=CA")
    page.set_input_files("input[name=file]", str(tariffs))
    page.click("button:has-text('Run the shock')")
    page.wait_for_selector("text=Tariff shock: Mine")
    page.screenshot(path=str(shots / "trade-uploaded-shock.png"), full_page=True)
    page.close()


def test_a_briefing_is_downloaded_for_a_chosen_scenario(server, browser, tmp_path):
    url, _ = server
    page = browser.new_page(accept_downloads=True)
    page.goto(url + "/projects/cathode-becancour")
    page.select_option("select[name=scenario]", "APS")
    with page.expect_download(timeout=120_000) as download:
        page.click("button:has-text('Briefing (PDF)')")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "cathode-becancour.pdf" and path.read_bytes()[:5] == b"%PDF-"
    assert "scenario=APS" in download.value.url
    page.close()
