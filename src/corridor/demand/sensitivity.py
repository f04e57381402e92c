"""Global sensitivity: Sobol' first-order and total indices of one Monte Carlo output over
every uncertain input (:func:`corridor.demand.uncertainty.factors`).

SALib draws Saltelli's sample of the unit cube (``N (D + 2)`` rows for ``D`` inputs and
base sample ``N``, a power of two) and estimates the indices from the outputs; the rows
map to the chain's multipliers through the same table as the Monte Carlo's draws and run
in blocks on Dask (:mod:`corridor.ensemble`). ``S1`` is the share of the output's
variance an input explains alone, ``ST`` its share with all its interactions; ``_conf``
columns are 95% bootstrap half-widths.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor.demand.inputs import Inputs
from corridor.demand.uncertainty import (
    CHUNK,
    DTYPE,
    _reported,
    factors,
    multipliers,
    sampled_technologies,
)
from corridor.ensemble import connect, stream
from corridor.errors import InputError

#: most base samples (N) a Sobol analysis takes: 2**16 x (38 inputs + 2) is 2.6 million runs
MAX_SAMPLES = 2**16


def _values(inputs: Inputs, array: str, chosen: dict, unit: np.ndarray) -> np.ndarray:
    """The output for rows ``unit`` of the sample, summed over what ``chosen`` leaves
    (a Dask task)."""
    result = _reported(inputs, multipliers(inputs.scenario, unit,
                                           sampled_technologies(inputs)))
    value = result[array].sel(chosen)
    return value.sum([d for d in value.dims if d != "draw"]).values.astype(np.float64)


def sobol(inputs: Inputs, array: str, chosen: dict, samples: int = 1024, seed: int = 0,
          scheduler=None) -> tuple[pd.DataFrame, np.ndarray]:
    """Sobol' indices of one value of a reported array for every uncertain input.

    Parameters
    ----------
    inputs
        From ``prepare(data, scenario, uncertain=True)``.
    array, chosen
        A Monte Carlo array (:data:`~corridor.demand.uncertainty.REPORTED`) and what to
        analyse of it: a region and a year, and a mineral or an application (else the sum
        over them).
    samples
        Saltelli base sample N, a power of two: ``N (D + 2)`` model runs for D inputs.
    seed
        Seed of the scrambled Sobol' sequence (same seed, same numbers).
    scheduler
        Where the runs go: ``None`` (Dask in this process), an address or a Client.

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray)
        One row per input, by total index (largest first): ``S1``, ``S1_conf``, ``ST``,
        ``ST_conf``; and the output of every run, in the array's units.

    Examples
    --------
    >>> import corridor
    >>> from corridor.demand.inputs import prepare
    >>> steps = corridor.load_scenario("STEPS")
    >>> inputs = prepare(corridor.Data(), steps, uncertain=True)
    >>> table, runs = sobol(inputs, "material_demand",
    ...                     {"region": "World", "year": 2040, "mineral": "Lithium"}, 16)
    >>> len(runs), table.index.name
    (640, 'input')
    """
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    if not (2 <= samples <= MAX_SAMPLES and samples & (samples - 1) == 0):
        raise InputError(f"samples {samples}: not a power of two between 2 and "
                         f"{MAX_SAMPLES:,}")
    if inputs.technology is None:
        raise ValueError("the sensitivity analysis needs inputs from prepare(data, scenario, "
                         "uncertain=True)")
    table = factors(inputs.scenario, sampled_technologies(inputs))
    problem = {"num_vars": len(table), "names": [f.name for f in table],
               "bounds": [[0.0, 1.0]] * len(table)}
    unit = sample.sample(problem, samples, calc_second_order=False, seed=seed)
    inputs = inputs.astype(DTYPE)
    out = np.empty(len(unit))
    starts = range(0, len(unit), CHUNK)

    def keep(i: int, values: np.ndarray) -> None:
        out[starts[i]:starts[i] + len(values)] = values

    with connect(scheduler) as client:
        stream(client, _values, (inputs, array, chosen), [(unit[s:s + CHUNK],) for s in starts],
               keep)
    if np.ptp(out) == 0:
        indices = {k: np.zeros(len(table)) for k in ("S1", "S1_conf", "ST", "ST_conf")}
    else:
        # the bootstrap's own seed: SALib leaves it unseeded for 0
        indices = analyze.analyze(problem, out, calc_second_order=False, seed=seed + 1)
    frame = pd.DataFrame({k: np.asarray(indices[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")},
                         index=pd.Index(problem["names"], name="input"))
    return frame.sort_values("ST", ascending=False, kind="stable"), out
