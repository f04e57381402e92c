"""The web app: ``create_app(db, data)`` and ``serve(host, port, db)``.

One FastAPI application: the JSON API under ``/api`` (:mod:`corridor.web.api`, OpenAPI
docs at ``/docs``), server-rendered pages (:mod:`corridor.web.pages`) and their scripts
and styles served from the package (no internet needed). Bad input gets the right status
and one message (the API docs at ``/docs`` are Swagger UI, served from the package too):
400 (bad input), 401 (no or wrong token), 404 (unknown project, scenario,
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
#: GET paths whose answers depend only on the scenarios known and the data (not the
#: registry): kept once made
CACHED = ("/scenarios", "/chain", "/facilities", "/trade", "/static/", "/download/",
          "/api/results", "/api/facilities", "/api/balances", "/api/trade/", "/api/scenarios",
          "/api/cases", "/docs", "/openapi.json")


class Cached:
    """ASGI middleware that keeps the last :data:`KEEP` answers of :data:`CACHED` paths, by
    path, query and the generation of the scenarios known (an upload starts a new one),
    and sends them again without reaching the app. Answers other than 200, and those
    marked ``Cache-Control: no-store`` (a run's progress), are not kept."""

    KEEP = 512

    def __init__(self, app, generation):
        from collections import OrderedDict

        self.app, self.generation = app, generation
        self._kept: OrderedDict = OrderedDict()

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(CACHED)):
            return await self.app(scope, receive, send)
        key = (scope["path"], scope["query_string"], self.generation())
        if key in self._kept:
            self._kept.move_to_end(key)
        else:
            messages = []

            async def keep(message):
                messages.append(message)

            await self.app(scope, receive, keep)
            headers = dict(messages[0].get("headers", []))
            if messages[0]["status"] != 200 or b"no-store" in headers.get(b"cache-control",
                                                                            b""):
                for message in messages:
                    await send(message)
                return
            self._kept[key] = (messages[0],
                               b"".join(m.get("body", b"") for m in messages[1:]))
            while len(self._kept) > self.KEEP:
                self._kept.popitem(last=False)
        start, body = self._kept[key]
        await send(start)
        await send({"type": "http.response.body", "body": body})


@dataclass
class State:
    """What every request shares: the registry, the data and the cached runs."""

    registry: Registry
    runs: Runs


def create_app(db: str | Path | None = None, data: Data | None = None, pooled: bool = False):
    """The app over the registry at ``db`` and ``data`` (default: the shipped tables);
    ``pooled`` keeps database connections open between requests (a long-running server)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from corridor._version import __version__
    from corridor.web import api, pages

    app = FastAPI(title="corridor", version=__version__, docs_url=None, redoc_url=None,
                  description=(
        "Open model of the Canada-Korea battery and critical-minerals value chain: results, "
        "facilities, balances, trade and the committee's project registry."))
    app.openapi_version = "3.0.3"  # the Swagger UI packaged on PyPI (4.x) reads no 3.1
    app.state.corridor = State(Registry(db, pooled=pooled), Runs(data or Data()))
    app.include_router(api.router)
    app.include_router(pages.router)

    def status_of(err: InputError) -> int:
        if isinstance(err, NotFound):
            return 404
        if isinstance(err, Conflict):
            return 409
        return 422 if isinstance(err, Invalid) else 400

    app.add_middleware(Cached, generation=lambda: app.state.corridor.runs.generation)

    @app.exception_handler(InputError)
    async def input_error(request: Request, err: InputError):
        code = status_of(err)
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": one_line(str(err))}, status_code=code)
        return pages.error(request, code, str(err))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException):
        if request.url.path.startswith("/api") or request.url.path.startswith("/docs"):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code,
                                headers=getattr(err, "headers", None))
        return pages.error(request, err.status_code, str(err.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        parts = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors()]
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": "; ".join(parts)}, status_code=422)
        return pages.error(request, 422, "; ".join(parts))

    @app.get("/docs", include_in_schema=False)
    def docs():
        return pages.render("docs.html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        from swagger_ui_bundle import swagger_ui_path

        files = {**{p.name: p for p in STATIC.iterdir()}, "plotly.min.js": plotly_js(),
                 "swagger-ui-bundle.js": Path(swagger_ui_path) / "swagger-ui-bundle.js",
                 "swagger-ui.css": Path(swagger_ui_path) / "swagger-ui.css"}
        if name not in files:
            return JSONResponse({"detail": f"no static file {name!r}"}, status_code=404)
        return FileResponse(files[name], headers={"Cache-Control": "max-age=86400"})

    return app


def plotly_js() -> Path:
    """plotly.js as shipped inside the plotly package (served, never fetched)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def from_environment():
    """The app over ``$CORRIDOR_DB`` (for uvicorn's worker processes)."""
    return create_app(pooled=True)


def serve(host: str = "127.0.0.1", port: int = 8000, db: str | Path | None = None,
          workers: int = 1) -> None:
    """Run the app with uvicorn until interrupted, in ``workers`` processes (each keeps
    its own cache of runs)."""
    import os

    import uvicorn

    if workers == 1:
        uvicorn.run(create_app(db, pooled=True), host=host, port=port, log_level="warning")
        return
    if db:
        os.environ["CORRIDOR_DB"] = str(db)
    uvicorn.run("corridor.web.app:from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="warning")
