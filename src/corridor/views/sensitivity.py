"""The Sobol analysis presented: a tornado figure of the indices, the table in a terminal,
and both in a folder (:func:`save`).

:class:`Tornado` draws one bar per input, largest total index on top, the total index
(``ST``, light) behind the first-order one (``S1``, dark), with the bootstrap interval of
each; inputs below ``SHOWN`` of the variance in total are summed into one bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from corridor._version import __version__
from corridor.io.folder import atomic_folder, write_manifest
from corridor.views.figures import COLORS, _Drawing

SHOWN = 0.005  # inputs with a smaller total index are grouped as "other inputs"


@dataclass
class Tornado(_Drawing):
    """Sobol indices of one output as horizontal bars (:func:`tornado`)."""

    name: str
    title: str
    inputs: list[str]
    first: np.ndarray
    total: np.ndarray
    first_conf: np.ndarray
    total_conf: np.ndarray
    panels: tuple = ()  # drawn as one

    def matplotlib(self):
        """A matplotlib figure (not attached to pyplot)."""
        from matplotlib.figure import Figure as Canvas

        canvas = Canvas(figsize=(8, 1.2 + 0.32 * len(self.inputs)))
        ax = canvas.add_axes((0.34, 0.1, 0.62, 0.78))
        y = np.arange(len(self.inputs))[::-1]
        ax.barh(y, self.total, xerr=self.total_conf, color=COLORS[0], alpha=0.35,
                label="total (ST)", error_kw={"lw": 0.8})
        ax.barh(y, self.first, height=0.45, xerr=self.first_conf, color=COLORS[0],
                label="first order (S1)", error_kw={"lw": 0.8})
        ax.set_yticks(y, self.inputs, fontsize=8)
        ax.set_xlabel("share of the output's variance")
        ax.set_xlim(0, max(1.0, float(np.max(self.total + self.total_conf, initial=0))))
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        canvas.suptitle(self.title, fontsize=10)
        return canvas

    def figure(self) -> dict:
        import plotly.io as pio

        def bars(name, x, conf, opacity, width):
            return {"type": "bar", "orientation": "h", "name": name, "y": self.inputs,
                    "x": x.tolist(), "error_x": {"type": "data", "array": conf.tolist()},
                    "marker": {"color": COLORS[0], "opacity": opacity}, "width": width}

        return {"data": [bars("total (ST)", self.total, self.total_conf, 0.35, 0.8),
                         bars("first order (S1)", self.first, self.first_conf, 1.0, 0.4)],
                "layout": {"title": {"text": self.title}, "barmode": "overlay",
                           "height": 160 + 26 * len(self.inputs),
                           "yaxis": {"autorange": "reversed"},
                           "xaxis": {"title": {"text": "share of the output's variance"}},
                           "template": pio.templates["plotly_white"].to_plotly_json()}}


def tornado(table: pd.DataFrame) -> Tornado:
    """The tornado figure of a sensitivity table (``corridor.sensitivity``).

    >>> t = pd.DataFrame({"S1": [0.6, 0.3, 0.001], "S1_conf": [0.05, 0.04, 0.01],
    ...                   "ST": [0.65, 0.33, 0.002], "ST_conf": [0.04, 0.03, 0.01]},
    ...                  index=pd.Index(["a", "b", "c"], name="input"))
    >>> tornado(t).inputs
    ['a', 'b', 'other inputs (1)']
    """
    shown = table[table.ST >= SHOWN]
    rest = table[table.ST < SHOWN]
    inputs = list(shown.index)
    columns = {k: shown[k].to_numpy(float) for k in ("S1", "S1_conf", "ST", "ST_conf")}
    if len(rest):
        inputs.append(f"other inputs ({len(rest)})")
        for k in columns:  # sums of the members' indices; intervals add in quadrature
            value = rest[k].clip(lower=0).sum() if not k.endswith("conf") else float(
                np.sqrt((rest[k] ** 2).sum()))
            columns[k] = np.append(columns[k], value)
    a = table.attrs
    title = (f"Sobol indices: {a.get('output', '')}, {a.get('region', '')} "
             f"{a.get('year', '')}, {a.get('scenario', '')} ({a.get('runs', 0):,} runs)")
    figure = Tornado("sensitivity", title, inputs, columns["S1"], columns["ST"],
                     columns["S1_conf"], columns["ST_conf"])
    figure.source = (f"Source: corridor {__version__}; Saltelli sample of "
                     f"{a.get('samples', 0):,} x (inputs + 2), seed {a.get('seed', 0)}; "
                     "indices by SALib")
    return figure


def save(table: pd.DataFrame, out: Path, force: bool = False) -> list[str]:
    """``sensitivity.csv`` and the tornado figure (PNG and HTML) in folder ``out``, written
    atomically, with a manifest naming the analysis; returns the file names."""
    with atomic_folder(out, force) as tmp:
        table.to_csv(tmp / "sensitivity.csv", float_format="%.6g")
        tornado(table).save(tmp)
        written = write_manifest(tmp, {"corridor_version": __version__, "created": datetime.now(
            UTC).isoformat(timespec="seconds"), "sensitivity": table.attrs})
    return written


def print_sensitivity(table: pd.DataFrame, console: Console) -> None:
    """The indices as a table, largest total index first, inputs under ``SHOWN`` summed."""
    a = table.attrs
    out = Table(title=f"Sobol indices of {a['output']} ({a['unit']}), {a['region']} "
                f"{a['year']}, {a['scenario']}: {a['runs']:,} runs, mean {a['mean']:,.4g}, "
                f"sd {a['sd']:,.3g}", title_justify="left")
    for name in ("input", "first order S1", "±", "total ST", "±"):
        out.add_column(name, justify="left" if name == "input" else "right")
    figure = tornado(table)
    for i, name in enumerate(figure.inputs):
        out.add_row(name, *(f"{v[i]:.3f}" for v in (figure.first, figure.first_conf,
                                                    figure.total, figure.total_conf)))
    console.print(out)
    console.print("S1: share of the variance the input explains alone; ST: with its "
                  "interactions; ±: 95% bootstrap half-width")
