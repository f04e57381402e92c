"""Every endpoint of the web app's OpenAPI schema fuzzed with schemathesis (hypothesis
underneath), with a writer's token and a project in the registry so that writes get past
the door: whatever a client sends, no answer is a server error (5xx)."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from corridor.web import create_app


def _app():
    import tempfile

    from corridor.projects import read

    app = create_app(Path(tempfile.mkdtemp(prefix="corridor-fuzz-")) / "r.sqlite")
    registry = app.state.corridor.registry
    registry.add(read(EXAMPLE)[0], author="fuzz")
    return app, registry.add_user("fuzz")


EXAMPLE = Path(__file__).parents[1] / "examples" / "projects" / "cathode-becancour.yaml"
APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_endpoint_answers_with_a_server_error(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=(not_a_server_error,))
