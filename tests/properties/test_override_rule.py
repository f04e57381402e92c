"""Property tests of the one override rule (``Anchors.onto``) and of the anchors helper."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.config.schema import Anchors
from corridor.paths import annual

LAST = 2024
years = st.integers(2010, 2050)
points = st.dictionaries(years, st.floats(0, 1), min_size=1, max_size=6)
future = st.dictionaries(st.integers(LAST + 1, 2050), st.floats(0, 1), min_size=1, max_size=4)


@given(points, future, st.booleans())
@settings(max_examples=200, deadline=None)
def test_history_stays_and_the_scenarios_points_win(base, own, replace):
    merged = Anchors[float](points=own, replace=replace).onto(base, LAST, "x")
    assert {y: v for y, v in merged.items() if y <= LAST} == {
        y: v for y, v in base.items() if y <= LAST}
    assert all(merged[y] == v for y, v in own.items())
    kept = {y for y in base if y > LAST and y not in own}
    assert kept.isdisjoint(merged) if replace else kept <= set(merged)
    assert list(merged) == sorted(merged)


@given(points)
@settings(max_examples=200, deadline=None)
def test_annual_paths_pass_through_their_anchors_and_stay_within_them(anchors):
    path = annual(anchors)
    for year, value in anchors.items():
        assert np.isclose(path[year - 2010], value)
    assert path.min() >= min(anchors.values()) - 1e-12
    assert path.max() <= max(anchors.values()) + 1e-12
