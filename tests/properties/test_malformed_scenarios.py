"""Random malformed scenario files: every one is either a valid scenario or one
InputError line naming the file; never another exception, a warning or a traceback."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.config import load_scenario
from corridor.config.schema import Scenario
from corridor.errors import InputError

#: keys a scenario has (so that random files reach deep into the schema), and others
KEYS = ["ev_sales", "pathways", "Canada", "South Korea", "Cars", "share", "split", "growth",
        "BEV", "storage", "anchors", "scenario", "lifetimes", "distribution", "mean", "sd",
        "batteries", "pack_growth", "pack_size", "Cars|BEV", "chemistry", "Electric Vehicles",
        "LFP", "recycling", "collection_rate", "recovery_rate", "Lithium", "scrap_rate",
        "second_life", "supply", "restart", "ramp_years", "realisation", "announced",
        "uncertainty", "scrap_range", "replace", "history", "base", "name", "description",
        2010, 2024, 2030, 2050, 2070, "2030"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(
        ["STEPS", "APS", "NZE", "normal", "yes", "on", "1e6", ".inf", "CA-015", "", "[/red]"]),
    st.text(max_size=12))
KEY = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8),
                st.integers(1990, 2100))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEY, inner, max_size=5)), max_leaves=30)
DOCUMENTS = st.dictionaries(KEY, VALUES, max_size=6)


def _assert_contract(path: Path) -> None:
    try:
        scenario = load_scenario(path)
    except InputError as err:
        message = str(err)
        assert message.startswith(f"{path}: ") and "\n" not in message
        assert "Traceback" not in message and len(message) < 2000
    else:
        assert isinstance(scenario, Scenario)
        for value in scenario.model_dump().get("uncertainty", {}).values():
            assert not isinstance(value, float) or math.isfinite(value)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=DOCUMENTS, base=st.sampled_from([None, "STEPS", "NZE", "BAU"]))
def test_random_settings_get_the_contract(doc, base):
    if base is not None:
        doc = {**doc, "base": base}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        _assert_contract(path)


@settings(max_examples=500, deadline=None)
@given(raw=st.binary(max_size=300))
def test_random_bytes_get_the_contract(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.yaml"
        path.write_bytes(raw)
        _assert_contract(path)
