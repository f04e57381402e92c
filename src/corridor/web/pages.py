"""Server-rendered pages: scenarios and their charts, facilities, projects, trade. They call
the Python API and the JSON API's helpers; they compute no model numbers."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())


def render(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_env().get_template(name).render(**context), status_code=status)


def error(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status, title=f"Error {status}", message=message)


def _state(request: Request):
    return request.app.state.corridor


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    state = _state(request)
    return render("home.html", title="corridor", scenarios=state.runs.scenarios,
                  projects=len(state.registry.list()))


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios(request: Request, scenario: str = "STEPS"):
    state = _state(request)
    if scenario not in state.runs.scenarios:
        return error(request, 404, f"scenario {scenario!r}: not known")
    results = state.runs.results(scenario)
    charts = {name: json.dumps(getattr(results.plot, name)().figure(), default=float)
              for name in ("demand_by_mineral", "battery_by_chemistry", "secondary_share")}
    return render("scenarios.html", title=f"Scenario {scenario}", scenario=scenario,
                  scenarios=state.runs.scenarios, charts=charts)


@router.get("/facilities", response_class=HTMLResponse)
def facilities(request: Request, country: str | None = None, stage: str | None = None):
    from corridor.supply.registry import filter_facilities, load_facilities

    rows = filter_facilities(load_facilities(_state(request).runs.data),
                             country=[country] if country else None,
                             stage=[stage] if stage else None)
    return render("facilities.html", title="Facilities", rows=rows.to_dict("records"),
                  country=country or "", stage=stage or "")


@router.get("/projects", response_class=HTMLResponse)
def projects(request: Request):
    return render("projects.html", title="Projects", records=_state(request).registry.list())


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project(request: Request, project_id: str):
    registry = _state(request).registry
    record = registry.get(project_id, removed=True)
    return render("project.html", title=record.name, record=record,
                  fields=record.project.model_dump(), history=registry.history(project_id))
