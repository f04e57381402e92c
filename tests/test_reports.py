"""Briefing notes: the figures the note prints are the assessment's, the PDF has two to
four pages, files are written whole, and the CLI's bad input gets one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corridor.cli import app
from corridor.projects import read
from corridor.reports import briefing, write
from tests.hostile.contract import refused, runner

EXAMPLES = Path(__file__).parents[1] / "examples" / "projects"
CATHODE = read(EXAMPLES / "cathode-becancour.yaml")[0]
ASSEMBLY = read(EXAMPLES / "ev-assembly-ontario.yaml")[0]


@pytest.fixture(scope="module")
def note(data):
    return briefing([CATHODE], "STEPS", data, among=[ASSEMBLY], today=dt.date(2026, 12, 3))


def test_the_note_prints_the_assessments_numbers(note):
    a = note.assessment
    need = float(a.needs.need_t.sel(year=2035).sum())
    covered = float(a.needs.covered_region_t.sel(year=2035).sum())
    html = " ".join(note.html.split())
    assert f"{need:,.0f} t" in html and f"{covered / need:.0%}" in html
    assert "CAD 1.20" in html and ">345<" in html  # capex bn and jobs as proposed
    nickel = float(a.needs.need_t.sel(mineral="Nickel", stage="precursor", year=2030))
    assert f"{nickel:,.0f}" in html
    assert "Scenario STEPS" in html and "2026-12-03" in html and a.scenario == "STEPS"
    assert note.ranking is not None and "ev-assembly-<wbr>" not in html
    assert html.count("data:image/png;base64,") == 1  # the figure travels with the page
    assert "restarts registry row CA-004" in html


def test_the_pdf_has_two_to_four_pages(note, tmp_path):
    assert 2 <= note.pages() <= 4
    html, pdf = write(note, tmp_path / "out", "cathode")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cathode.html",
                                                                      "cathode.pdf"]


def test_an_analysts_day_on_each_database(url, tmp_path):
    """The README's flow: add the two proposals, assess, rank, and the briefing PDF."""
    out = tmp_path / "reports"
    for args, expected in (
            (["projects", "add", str(EXAMPLES / "cathode-becancour.yaml"),
              str(EXAMPLES / "ev-assembly-ontario.yaml")], "added 2"),
            (["projects", "assess", "cathode-becancour"], "Lithium │ refining │ 2,140"),
            (["projects", "rank"], "Together (cathode-becancour, ev-assembly-ontario)"),
            (["report", "--project", "cathode-becancour", "--out", str(out)], "(2 pages)"),
            (["report", "--portfolio", "cathode-becancour", "--portfolio",
              "ev-assembly-ontario", "--out", str(out)], "pages)")):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == 0, result.output
        assert expected in " ".join(result.output.split()), result.output
    assert (out / "cathode-becancour.pdf").stat().st_size > 10_000
    assert "give --project ID or --portfolio ID" in refused(["report", "--db", url])
    assert "is a file, not a folder" in refused(["report", "--project", "cathode-becancour",
                                                 "--out", str(EXAMPLES / "cathode-becancour.yaml"),
                                                 "--db", url])
    assert "project 'nope': not in the registry" in refused(
        ["report", "--project", "nope", "--db", url])
