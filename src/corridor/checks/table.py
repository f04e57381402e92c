"""The IAMC table's invariant: every variable with children equals the sum of its children."""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.errors import CheckError


def check_children(df: pd.DataFrame, rtol: float = 1e-9) -> None:
    """Every variable with children equals the sum of its children (where both report)."""
    wide = df.pivot_table(index="variable", columns=["scenario", "region", "year"],
                          values="value", aggfunc="sum")
    names = set(wide.index)
    parents = {v.rsplit("|", 1)[0] for v in names if "|" in v} & names
    for parent in parents:
        children = [v for v in names if v.rsplit("|", 1)[0] == parent and v != parent]
        total = wide.loc[children].sum(min_count=1)  # NaN where no child is reported
        ref = wide.loc[parent]
        scale = max(float(np.abs(ref).max()), 1e-12)
        if not np.allclose(total, ref, rtol=rtol, atol=rtol * scale, equal_nan=True):
            raise CheckError(f"IAMC table: children of {parent!r} do not sum to it")
