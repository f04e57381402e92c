"""Server-rendered pages: scenarios and their charts, facilities, projects, trade. They call
the Python API and the JSON API's helpers; they compute no model numbers."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent / "templates"


@cache
def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    env.filters["number"] = _number
    return env


def _number(value) -> str:
    """A table's number: blank if missing, whole with separators from 100, else three
    significant digits.

    >>> _number(-30215.4), _number(0.17312), _number(float("nan"))
    ('-30,215', '0.173', '')
    """
    if value is None or value != value:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def render(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_env().get_template(name).render(**context), status_code=status)


def error(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status, title=f"Error {status}", message=message)


def _script_json(figure: dict):
    """A plotly figure as JSON safe inside a ``<script>`` element (NaN as null, no ``</``)."""
    import plotly.io as pio
    from markupsafe import Markup

    return Markup(pio.to_json(figure, validate=False).replace("</", "<\\/"))


def _state(request: Request):
    return request.app.state.corridor


@router.get("/", response_class=HTMLResponse)
async def home(request: Request):
    state = _state(request)
    return render("home.html", title="corridor", scenarios=state.runs.scenarios,
                  projects=len(state.registry.list()))


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios(request: Request, scenario: Annotated[list[str] | None, Query()] = None,
              case: Annotated[list[str] | None, Query()] = None, region: str = "World",
              mineral: Annotated[list[str] | None, Query()] = None):
    """Charts of the chosen scenarios, each also with the chosen technology cases
    (compared), for one region and the chosen minerals; a first run is made in the
    background while the page shows its progress."""
    from corridor.config.cases import builtin_cases
    from corridor.dims import MINERALS, REGIONS
    from corridor.views.figures import demand_figures

    state = _state(request)
    picked = tuple(dict.fromkeys(scenario or ["STEPS"]))
    cases = tuple(dict.fromkeys(case or []))
    minerals = tuple(dict.fromkeys(mineral or MINERALS))
    for field, values, known in (("scenario", picked, state.runs.scenarios),
                                 ("case", cases, builtin_cases()),
                                 ("region", (region,), REGIONS), ("mineral", minerals, MINERALS)):
        wrong = next((v for v in values if v not in known), None)
        if wrong is not None:
            return error(request, 404, f"{field} {wrong!r}: not known (known: "
                                       f"{', '.join(known)})")
    chosen = tuple(f"{s}+{c}" if c else s for s in picked for c in ("", *cases))
    context = {"scenarios": state.runs.scenarios, "picked_scenarios": picked,
               "cases": builtin_cases(), "picked_cases": cases, "chosen": chosen,
               "region": region, "regions": REGIONS, "minerals": MINERALS,
               "picked": minerals}
    if not state.runs.ready(chosen):
        state.runs.start(chosen)
        page = render("running.html", 202, title=f"Running {', '.join(chosen)}", **context,
                      progress=state.runs.progress(chosen))
        page.headers["Cache-Control"] = "no-store"
        return page

    def charts(results) -> dict:
        return {f.name: _script_json(f.figure())
                for f in demand_figures(results, region, minerals)}

    charts = state.runs.derived(chosen, f"charts {region} {minerals}", charts)
    return render("scenarios.html", title=f"Scenarios {', '.join(chosen)}: {region}",
                  charts=charts, **context)


@router.get("/scenarios/progress")
def progress(request: Request, scenario: Annotated[list[str] | None, Query()] = None):
    """How the background run of the chosen scenarios is going (JSON, for the page)."""
    from fastapi.responses import JSONResponse

    runs = _state(request).runs
    chosen = tuple(dict.fromkeys(scenario or ["STEPS"]))
    if not all(runs.knows(name) for name in chosen):
        return JSONResponse({"detail": "scenario: not known"}, status_code=404)
    return JSONResponse(runs.progress(chosen), headers={"Cache-Control": "no-store"})


@router.get("/facilities", response_class=HTMLResponse)
def facilities(request: Request, country: str = "", province: str = "", stage: str = "",
               status: str = "", korean: str = "", owner: str = ""):
    """The facility registry, filtered, with a province view of Canada and Korea (the
    tiles count the facilities that pass every filter but the province)."""
    from corridor.supply.registry import filter_facilities, load_facilities
    from corridor.web.provinces import province_view

    every = load_facilities(_state(request).runs.data)
    chosen = filter_facilities(every, country=country or None, stage=stage or None,
                               status=status or None, owner=owner or None,
                               korean_link={"yes": True, "no": False}.get(korean))
    rows = filter_facilities(chosen, province=province) if province else chosen
    choices = {c: sorted(every[c].dropna().unique()) for c in ("country", "stage", "status")}
    given = {"country": country, "province": province, "stage": stage, "status": status,
             "korean": korean, "owner": owner}
    return render("facilities.html", title="Facilities", rows=rows.to_dict("records"),
                  choices=choices, given=given, views=province_view(chosen))


@router.get("/projects", response_class=HTMLResponse)
async def projects(request: Request):
    return render("projects.html", title="Projects", records=_state(request).registry.list())




# --- downloads of a scenario's results --------------------------------------------------

DOWNLOADS = {"results.csv": "text/csv",
             "results.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "figures.html": "text/html"}


@router.get("/download/{name}")
def download(request: Request, name: str,
             scenario: Annotated[list[str] | None, Query()] = None):
    """The chosen scenarios' IAMC table (CSV), workbook (Excel) or figures (one HTML page
    that works alone)."""
    import tempfile

    from fastapi.responses import Response

    state = _state(request)
    chosen = tuple(dict.fromkeys(scenario or ["STEPS"]))
    unknown = [n for n in chosen if not state.runs.knows(n)]
    if unknown or name not in DOWNLOADS:
        return error(request, 404, f"no download {name!r} of scenario {unknown[:1] or chosen}"
                                   f" (downloads: {', '.join(DOWNLOADS)})")

    def build(results) -> bytes:
        if name == "results.csv":
            return state.runs.iamc(chosen).to_csv(index=False).encode()
        if name == "figures.html":
            return results.plot.page().encode()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            results.io.to_excel(path)
            return path.read_bytes()

    body = state.runs.derived(chosen, f"download {name}", build)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(chosen))  # names are free text
    return Response(body, media_type=DOWNLOADS[name], headers={
        "Content-Disposition": f'attachment; filename="{stem}-{name}"'})


# --- value chain and trade -------------------------------------------------------------

@router.get("/chain", response_class=HTMLResponse)
def chain(request: Request, scenario: str = "STEPS", year: int = 2030):
    """Coverage by stage for Canada, Korea and the corridor, demand- and plant-based, with
    the projects that would add capacity at each stage."""
    from corridor.dims import CORRIDOR_REGION

    state = _state(request)
    if not state.runs.knows(scenario):
        return error(request, 404, f"scenario {scenario!r}: not known")
    results = state.runs.results(scenario)
    if year not in results.balance.year:
        return error(request, 404, f"year {year}: not in the results")

    def table(results):
        regions = ("Canada", "South Korea", CORRIDOR_REGION)
        cover = results.tables.coverage(year=year, regions=regions)
        own = results.tables.self_sufficiency(year=year, regions=regions)
        keys = ["scenario", "region", "mineral", "stage", "year"]
        return cover.merge(own[[*keys, "requirement", "self_sufficiency"]], on=keys)

    rows = state.runs.derived(scenario, f"chain {year}", table)
    by_stage: dict[str, list[str]] = {}
    for r in state.registry.list(["proposed", "under assessment", "recommended"]):
        by_stage.setdefault(r.project.stage, []).append(r.id)
    return render("chain.html", title=f"Value chain, {scenario}, {year}", scenario=scenario,
                  year=year, scenarios=state.runs.scenarios, rows=rows.to_dict("records"),
                  projects=by_stage)


@router.get("/trade", response_class=HTMLResponse)
def trade(request: Request, country: str = "CA", tariffs: str = "", model: str = "gsim"):
    """A country's exposure by product, and a built-in tariff scenario's shock."""
    from corridor.trade import builtin_tariffs

    if tariffs and tariffs not in builtin_tariffs():  # names only: no paths from the web
        return error(request, 404, f"tariff scenario {tariffs!r}: not a built-in (built-ins:"
                                   f" {', '.join(builtin_tariffs())}; upload a file instead)")
    return _trade_page(request, country, tariffs or None, model)


async def _uploaded(request: Request, what: str, fields: tuple[str, ...] = ()
                    ) -> tuple[bytes | None, str, dict[str, str]]:
    """An uploaded form's file (its first ``YAML_BYTES + 1`` bytes: more is refused, so no
    more is read), its label, and the form's ``fields``; without a file, None and the
    message to answer."""
    from corridor.limits import YAML_BYTES

    async with request.form() as form:  # closes the uploaded file's spool
        file = form.get("file")
        values = {f: str(form[f]) for f in fields if f in form}
        if file is None or not hasattr(file, "read"):
            return None, f"file: choose a {what} YAML file", values
        return await file.read(YAML_BYTES + 1), f"uploaded file {file.filename}", values


@router.post("/trade", response_class=HTMLResponse)
async def trade_upload(request: Request):
    """The shock of an uploaded tariff scenario file (nothing is stored)."""
    from corridor.limits import YAML_BYTES
    from corridor.trade.tariffs import tariffs_from_text

    body, label, form = await _uploaded(request, "tariff scenario", ("country", "model"))
    if body is None:
        return error(request, 400, label)
    country, model = form.get("country") or "CA", form.get("model") or "gsim"
    if len(body) > YAML_BYTES:
        return error(request, 413, f"{label}: over {YAML_BYTES:,} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return error(request, 400, f"{label}: not UTF-8 text")
    return _trade_page(request, country, tariffs_from_text(text, label), model)


def _trade_page(request: Request, country: str, tariffs, model: str) -> HTMLResponse:
    import corridor.trade as api
    from corridor.trade.shocks import MODELS

    data = _state(request).runs.data
    e = api.exposure(country, year=2024, data=data)
    rows = [{"hs6": h, "product": str(e["product"].sel(hs6=h).values),
             "exports": float(e.exports.sel(hs6=h)) / 1e6,
             "us": float(e.export_share.sel(hs6=h, partner="USA")),
             "china": float(e.china_dependence.sel(hs6=h))} for h in e.hs6.values]
    shock = welfare = None
    if tariffs is not None:
        s = api.shock(tariffs, data, model)
        shock = [{"product": str(s["product"].sel(hs6=h).values),
                  **{k: float(s[k].sel(hs6=h)) / 1e6 for k in ("lost", "diverted", "rerouted")},
                  **{f"{k}_t": float(s[f"{k}_t"].sel(hs6=h))
                     for k in ("lost", "diverted", "rerouted")}} for h in s.hs6.values]
        welfare = {str(r): float(s.welfare.sel(region=r).sum()) / 1e6
                   for r in s.welfare.region.values}
        tariffs = s.attrs["scenario"]
    return render("trade.html", title=f"Trade exposure of {country}", country=country,
                  rows=rows, builtins=api.builtin_tariffs(), tariffs=tariffs or "",
                  shock=shock, welfare=welfare, model=model, models=list(MODELS))


# --- forms: writes need a user's token, and the form's own CSRF token -------------------

CSRF_COOKIE = "corridor_csrf"


def _form_page(name: str, **context) -> HTMLResponse:
    import secrets

    csrf = secrets.token_urlsafe(24)
    page = render(name, csrf=csrf, **context)
    page.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    return page


async def _checked_form(request: Request) -> tuple[dict, str]:
    """The form's fields and the writing user's name; raises the reason otherwise."""
    import secrets

    from fastapi import HTTPException

    form = dict(await request.form())
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not secrets.compare_digest(cookie, str(form.get("csrf", ""))):
        raise HTTPException(400, "form: expired or sent from another site; reload the page")
    user = _state(request).registry.user_of(str(form.get("token", "")).strip())
    if user is None:
        raise HTTPException(401, "token: a write needs a user's token (corridor users add "
                                 "NAME prints one)")
    return form, user


@router.get("/projects/new", response_class=HTMLResponse)
def new_project(request: Request):
    return _form_page("new_project.html", title="Add a project")


@router.post("/projects/new", response_class=HTMLResponse)
async def add_project(request: Request):
    from fastapi.responses import RedirectResponse

    from corridor.config.yamlfile import loads
    from corridor.projects.schema import validate

    form, user = await _checked_form(request)
    text = str(form.get("project", ""))
    if len(text.encode()) > 250_000:
        return error(request, 413, "project: the text is over 250 kB")
    record = validate(loads(text, "project"), "project")
    _state(request).registry.add(record, author=user)
    return RedirectResponse(f"/projects/{record.id}", status_code=303)


@router.post("/projects/{project_id}/status", response_class=HTMLResponse)
async def set_status(request: Request, project_id: str):
    from fastapi.responses import RedirectResponse

    form, user = await _checked_form(request)
    _state(request).registry.set_status(project_id, str(form.get("status", "")), author=user)
    return RedirectResponse(f"/projects/{project_id}", status_code=303)


@router.post("/scenarios/upload", response_class=HTMLResponse)
async def upload(request: Request):
    from urllib.parse import quote

    from fastapi.responses import RedirectResponse


    body, label, _ = await _uploaded(request, "scenario")
    if body is None:
        return error(request, 400, label)
    try:
        name = _state(request).runs.upload(body, label)
    except OverflowError as err:
        return error(request, 413, str(err))
    return RedirectResponse(f"/scenarios?scenario={quote(name)}", status_code=303)


@router.post("/projects/{project_id}/edit", response_class=HTMLResponse)
async def edit_project(request: Request, project_id: str):
    """Change a project's fields (YAML of some or all of them) at the version the form was
    read at: a record changed meanwhile is refused (409), never overwritten."""
    from fastapi.responses import RedirectResponse

    from corridor.config.yamlfile import read_mapping

    form, user = await _checked_form(request)
    text = str(form.get("fields", ""))
    if len(text.encode()) > 250_000:
        return error(request, 413, "fields: the text is over 250 kB")
    fields = read_mapping(text, f"project {project_id}")
    if fields.get("id") == project_id:  # the same id is no change; another is refused
        del fields["id"]
    version = str(form.get("version", ""))
    if not version.isdigit():
        return error(request, 400, "version: the form lost its version; reload the page")
    _state(request).registry.edit(project_id, fields, author=user,
                                  expected_version=int(version))
    return RedirectResponse(f"/projects/{project_id}", status_code=303)


@router.get("/projects/rank", response_class=HTMLResponse)
def ranking(request: Request, scenario: str = "STEPS", year: int = 2035,
            project: Annotated[list[str] | None, Query()] = None):
    """Rank projects (default: those proposed or under assessment) with weights from the
    form (default: :data:`corridor.ranking.DEFAULT_WEIGHTS`, an assumption)."""
    from corridor.ranking import CRITERIA, DEFAULT_WEIGHTS, rank

    state = _state(request)
    if not state.runs.knows(scenario):
        return error(request, 404, f"scenario {scenario!r}: not known")
    weights = dict(DEFAULT_WEIGHTS)
    for criterion in CRITERIA:
        given = request.query_params.get(criterion)
        if given not in (None, ""):
            try:
                weights[criterion] = float(given)
            except ValueError:
                return error(request, 400, f"{criterion}: a weight is a number, not "
                                           f"{given!r}")
    records = state.registry.list()
    chosen = project or [r.id for r in records if r.status in ("proposed",
                                                                 "under assessment")]
    ranked = rank([state.registry.get(i).project for i in chosen], weights,
                  state.runs.get(scenario), year, state.runs.data)
    table = ranked.table.reset_index(names="project").to_dict("records")
    return render("rank.html", title=f"Ranking, {scenario}, {year}", records=records,
                  chosen=chosen, scenario=scenario, scenarios=state.runs.scenarios, year=year,
                  weights=weights, used=ranked.weights, table=table, criteria=list(CRITERIA),
                  sensitivity=ranked.sensitivity.to_dict("records"), notes=ranked.notes)


@router.get("/projects/{project_id}", response_class=HTMLResponse)
async def project(request: Request, project_id: str):
    import yaml

    from corridor.projects import STATUSES

    registry = _state(request).registry
    record = registry.get(project_id, removed=True)
    fields = record.project.model_dump()
    editable = yaml.safe_dump({k: v for k, v in fields.items() if k not in ("id", "status")},
                              sort_keys=False, allow_unicode=True, width=88)
    fields["proponents"] = "; ".join(f"{p['name']} ({p['country']})"
                                     for p in fields["proponents"])
    fields["sources"] = "; ".join(fields["sources"])
    return _form_page("project.html", title=record.name, record=record,
                      fields=fields, statuses=STATUSES, editable=editable,
                      scenarios=_state(request).runs.scenarios,
                      history=registry.history(project_id))
