"""The HTTP API (JSON) over the Python API: results, facilities, balances, trade and the
project registry. Reads are open; writes need a user's token
(``Authorization: Bearer TOKEN``, from ``corridor users add NAME``). Every number comes
from corridor's Python API; nothing here computes one.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response

from corridor.errors import InputError

#: Reads of the registry take about a millisecond and run on the event loop (``async
#: def``): a plain ``def``'s hop to the thread pool would cost more than the read. Model
#: runs stay plain ``def``, in the pool, so that a long run blocks no other request.
router = APIRouter(prefix="/api")


def state(request: Request):
    return request.app.state.corridor


def writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """The name of the user whose bearer token came with the request; 401 otherwise."""
    scheme, _, token = (authorization or "").partition(" ")
    name = state(request).registry.user_of(token.strip()) if scheme.lower() == "bearer" \
        else None
    if name is None:
        raise HTTPException(401, "a write needs a user's token: Authorization: Bearer "
                                 "TOKEN (corridor users add NAME prints one)",
                            headers={"WWW-Authenticate": "Bearer"})
    return name


def _clean(value):
    """JSON has no NaN: missing numbers are null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _known(request: Request, name: str):
    """Scenario ``name`` of the app; 404 naming the known ones otherwise."""
    try:
        return state(request).runs.get(name)
    except KeyError:
        known = ", ".join(state(request).runs.scenarios)
        raise HTTPException(404, f"scenario {name!r}: not known (known: {known}, each also "
                                 "as <name>+<technology case>; upload a file with POST "
                                 "/api/scenarios)") from None


def _scenario(request: Request, name: str):
    """The (cached) results of scenario ``name``."""
    _known(request, name)
    return state(request).runs.results(name)


@router.get("/health")
async def health(request: Request) -> dict:
    """The app's versions."""
    from corridor._version import __version__

    return {"corridor": __version__, "data": state(request).runs.data.version}


@router.get("/scenarios")
async def scenarios(request: Request) -> list[dict]:
    """Scenarios the app knows: the built-ins and uploaded files."""
    return [{"name": name, "description": s.description}
            for name, s in state(request).runs.scenarios.items()]


@router.get("/cases")
async def cases() -> list[dict]:
    """Built-in technology cases: ask for ``<scenario>+<case>`` anywhere a scenario is
    asked for."""
    from corridor.config.cases import builtin_cases, load_case

    return [{"name": name, "description": load_case(name).get("description", "")}
            for name in builtin_cases()]


@router.post("/scenarios", status_code=201)
async def upload_scenario(request: Request) -> dict:
    """Upload a scenario file (YAML in the request body, at most 250 kB): validated as the
    CLI validates it, then known by its name."""
    body = await request.body()
    try:
        name = state(request).runs.upload(body)
    except OverflowError as err:
        raise HTTPException(413, str(err)) from None
    return {"name": name}


@router.get("/results")
def results(request: Request, scenario: Annotated[list[str] | None, Query()] = None,
            variable: Annotated[list[str] | None, Query()] = None,
            region: Annotated[list[str] | None, Query()] = None,
            year: Annotated[list[int] | None, Query()] = None) -> list[dict]:
    """IAMC rows of the results of one or more scenarios (default ``STEPS``), filtered by
    variable (a name or a prefix ending in ``*``), region and year."""
    chosen = tuple(dict.fromkeys(scenario or ["STEPS"]))
    for name in chosen:
        _known(request, name)
    table = state(request).runs.iamc(chosen)
    for field, wanted in (("variable", variable), ("region", region), ("year", year)):
        if not wanted:
            continue
        column = table[field]
        if field == "variable":
            mask = column.isin([w for w in wanted if not w.endswith("*")])
            for prefix in (w[:-1] for w in wanted if w.endswith("*")):
                mask |= column.str.startswith(prefix)
        else:
            mask = column.isin(wanted)
        unknown = [w for w in wanted if not w.endswith("*") and w not in set(column)] \
            if field != "year" else [w for w in wanted if w not in set(column)]
        if unknown:
            raise HTTPException(404, f"{field} {unknown[0]!r}: not in the results")
        table = table[mask]
    return _records(table)


@router.get("/facilities")
def facilities(request: Request, country: Annotated[list[str] | None, Query()] = None,
               stage: Annotated[list[str] | None, Query()] = None,
               status: Annotated[list[str] | None, Query()] = None) -> list[dict]:
    """The facility registry, filtered."""
    from corridor.supply.registry import filter_facilities, load_facilities

    rows = filter_facilities(load_facilities(state(request).runs.data), country=country,
                             stage=stage, status=status)
    return _records(rows.drop(columns=["basis"], errors="ignore"))


@router.get("/balances")
def balances(request: Request, scenario: str = "STEPS", year: int = 2030) -> list[dict]:
    """Demand-based coverage and plant-to-plant self-sufficiency by region, mineral and
    stage in ``year``."""
    r = _scenario(request, scenario)
    if year not in r.balance.year:
        raise HTTPException(404, f"year {year}: not in the results")
    cover = r.tables.coverage(year=year)
    own = r.tables.self_sufficiency(year=year)
    keys = ["scenario", "region", "mineral", "stage", "year"]
    return _records(cover.merge(own[[*keys, "requirement", "self_sufficiency"]], on=keys))


@router.get("/trade/exposure")
def trade_exposure(request: Request, country: str = "CA", year: int | None = None
                   ) -> list[dict]:
    """A country's export and import shares by partner and product."""
    import corridor.trade as trade

    e = trade.exposure(country, year=year, data=state(request).runs.data)
    frame = e[["export_share", "import_share"]].to_dataframe().reset_index()
    return _records(frame)


# --- the project registry --------------------------------------------------------------

def _record(r) -> dict:
    return {**r.project.model_dump(), "version": r.version, "removed": r.removed,
            "updated_at": r.updated_at.isoformat()}


@router.get("/projects")
async def projects(request: Request, status: Annotated[list[str] | None, Query()] = None
             ) -> list[dict]:
    """The registry's projects (not removed)."""
    return [_record(r) for r in state(request).registry.list(status)]


@router.get("/projects/{project_id}")
async def project(request: Request, project_id: str) -> dict:
    return _record(state(request).registry.get(project_id, removed=True))


@router.get("/projects/{project_id}/history")
async def history(request: Request, project_id: str) -> list[dict]:
    return [{"version": c.version, "author": c.author, "at": c.at.isoformat(),
             "action": c.action, "fields": c.fields}
            for c in state(request).registry.history(project_id)]


@router.post("/projects", status_code=201)
async def add_project(request: Request, user: Annotated[str, Depends(writer)]) -> dict:
    """Add a project (its fields as JSON)."""
    from corridor.projects.schema import validate

    record = validate(await _json(request), "project")
    return _record(state(request).registry.add(record, author=user))


@router.patch("/projects/{project_id}")
async def edit_project(request: Request, project_id: str,
                       user: Annotated[str, Depends(writer)],
                       version: int | None = None) -> dict:
    """Change fields of a project; ``?version=N`` refuses if it changed meanwhile."""
    fields = await _json(request)
    return _record(state(request).registry.edit(project_id, fields, author=user,
                                                expected_version=version))


@router.put("/projects/{project_id}/status")
async def set_status(request: Request, project_id: str,
                     user: Annotated[str, Depends(writer)]) -> dict:
    body = await _json(request)
    if set(body) != {"status"}:
        raise InputError('status: send {"status": "..."}')
    return _record(state(request).registry.set_status(project_id, body["status"],
                                                      author=user))


@router.delete("/projects/{project_id}")
def remove_project(request: Request, project_id: str,
                   user: Annotated[str, Depends(writer)]) -> dict:
    return _record(state(request).registry.remove(project_id, author=user))


@router.get("/projects/{project_id}/assessment")
def assessment(request: Request, project_id: str, scenario: str = "STEPS") -> dict:
    """What the project needs, what the corridor covers, what it costs and employs."""
    from corridor.assessment import assess

    record = state(request).registry.get(project_id)
    a = assess(record.project, _known(request, scenario), state(request).runs.data)
    needs = a.needs.to_dataframe().dropna(subset=["need_t"]).reset_index()
    return {"project": project_id, "scenario": scenario, "region": a.region,
            "output": _records(a.output.to_dataframe("output").reset_index()),
            "needs": _records(needs), "sources": _records(a.sources),
            "economics": _records(a.economics)}


@router.get("/rank")
def ranking(request: Request, ids: Annotated[list[str] | None, Query()] = None,
            scenario: str = "STEPS", year: int = 2035,
            weight: Annotated[list[str] | None, Query()] = None) -> dict:
    """Rank projects (default: those proposed or under assessment) with weights given as
    ``weight=criterion:value`` (repeated; default: the built-in weights, an assumption)."""
    from corridor.ranking import rank

    weights = {}
    for item in weight or []:
        criterion, _, value = item.partition(":")
        try:
            weights[criterion.strip()] = float(value)
        except ValueError:
            raise HTTPException(400, f"weight {item!r}: write criterion:number, such as "
                                     "direct_jobs:0.5") from None
    registry = state(request).registry
    chosen = ([registry.get(i).project for i in ids] if ids else
              [r.project for r in registry.list(["proposed", "under assessment"])])
    r = rank(chosen, weights or None, scenario=_known(request, scenario),
             data=state(request).runs.data, year=year)
    return {"table": _records(r.table.reset_index(names="project")), "weights": r.weights,
            "sensitivity": _records(r.sensitivity), "notes": r.notes}


@router.get("/projects/{project_id}/report.pdf")
def report(request: Request, project_id: str, scenario: str = "STEPS") -> Response:
    """The briefing note as PDF."""
    from corridor.reports import briefing

    registry = state(request).registry
    note = briefing([registry.get(project_id).project], _known(request, scenario),
                    state(request).runs.data,
                    among=[r.project for r in registry.list(["proposed", "under assessment"])])
    return Response(note.pdf(), media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{project_id}.pdf"'})


async def _json(request: Request) -> dict:
    import json

    body = await request.body()
    if len(body) > 1_000_000:
        raise HTTPException(413, f"body of {len(body):,} bytes; the limit is 1,000,000")
    try:
        value = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as err:
        raise HTTPException(400, f"body: not JSON ({err})") from None
    if not isinstance(value, dict):
        raise HTTPException(400, "body: expected a JSON object of fields")
    return value
