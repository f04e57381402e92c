"""The web app: ``create_app(db, data)`` and ``serve(host, port, db)``.

One FastAPI application: the JSON API under ``/api`` (:mod:`corridor.web.api`, OpenAPI
docs at ``/docs``), server-rendered pages (:mod:`corridor.web.pages`) and their scripts
and styles served from the package (no internet needed). Bad input gets the right status
and one message: 400 (bad input), 401 (no or wrong token), 404 (unknown project, scenario,
variable or region), 409 (a taken id or a stale version), 413 (too large), 422 (a field
that does not validate), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corridor.data import Data
from corridor.errors import Conflict, InputError, Invalid, NotFound, one_line
from corridor.projects import Registry
from corridor.web.runs import Runs

STATIC = Path(__file__).parent / "static"


@dataclass
class State:
    """What every request shares: the registry, the data and the cached runs."""

    registry: Registry
    runs: Runs


def create_app(db: str | Path | None = None, data: Data | None = None):
    """The app over the registry at ``db`` and ``data`` (default: the shipped tables)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse

    from corridor._version import __version__
    from corridor.web import api, pages

    app = FastAPI(title="corridor", version=__version__, description=(
        "Open model of the Canada-Korea battery and critical-minerals value chain: results, "
        "facilities, balances, trade and the committee's project registry."))
    app.state.corridor = State(Registry(db), Runs(data or Data()))
    app.include_router(api.router)
    app.include_router(pages.router)

    def status_of(err: InputError) -> int:
        if isinstance(err, NotFound):
            return 404
        if isinstance(err, Conflict):
            return 409
        return 422 if isinstance(err, Invalid) else 400

    @app.exception_handler(InputError)
    async def input_error(request: Request, err: InputError):
        code = status_of(err)
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": one_line(str(err))}, status_code=code)
        return pages.error(request, code, str(err))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        parts = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors()]
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": "; ".join(parts)}, status_code=422)
        return pages.error(request, 422, "; ".join(parts))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        files = {"plotly.min.js": plotly_js(), "style.css": STATIC / "style.css"}
        if name not in files:
            return JSONResponse({"detail": f"no static file {name!r}"}, status_code=404)
        return FileResponse(files[name], headers={"Cache-Control": "max-age=86400"})

    return app


def plotly_js() -> Path:
    """plotly.js as shipped inside the plotly package (served, never fetched)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | Path | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
