"""The standard figures, as static PNG (matplotlib) and interactive HTML (plotly).

* ``demand_by_mineral``: World material demand per mineral, one line per scenario
  (P5-P95 band with draws);
* ``battery_by_chemistry``: World battery demand by chemistry, one panel per scenario;
* ``secondary_share``: secondary supply as a share of demand, World, per mineral;
* ``canada_korea_world``: battery and lithium demand of Canada and Korea beside the World.

Each figure is described once as panels of traces, then drawn by both back ends. The
figures only draw what the run returned; they compute no model numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corridor.coords import CHEMISTRIES, MINERALS

COLORS = ["#1b6ca8", "#d1495b", "#66a182", "#edae49", "#7b4b94", "#00798c", "#8d6a9f",
          "#c5283d", "#495867", "#9bc53d"]


@dataclass
class Trace:
    name: str
    y: np.ndarray
    color: str
    band: tuple[np.ndarray, np.ndarray] | None = None


@dataclass
class Panel:
    title: str
    traces: list[Trace] = field(default_factory=list)
    stacked: bool = False


@dataclass
class Figure:
    name: str
    title: str
    ylabel: str
    x: np.ndarray
    panels: list[Panel]
    columns: int


def describe(results) -> list[Figure]:
    """The four standard figures of a run."""
    central, q = results.central, results.quantiles
    scenarios = [str(s) for s in central.scenario.values]
    years = central.year.values
    world = central.sel(region="World")
    demand = world.material_demand.sum("application")
    figures = []

    panels = []
    for mineral in MINERALS:
        k, unit = (1000.0, "t/yr") if mineral == "Platinum" else (1.0, "kt/yr")
        panel = Panel(f"{mineral} ({unit})")
        for j, s in enumerate(scenarios):
            band = None
            if q is not None:
                b = q.material_demand.sel(scenario=s, region="World", mineral=mineral) * k
                band = (b.sel(quantile=0.05).values, b.sel(quantile=0.95).values)
            panel.traces.append(Trace(s, demand.sel(scenario=s, mineral=mineral).values * k,
                                      COLORS[j], band))
        panels.append(panel)
    figures.append(Figure("demand_by_mineral", "World material demand by mineral"
                          + (" (P5-P95 shaded)" if q is not None else ""), "", years, panels, 3))

    battery = world.battery_demand.sum("application")
    figures.append(Figure(
        "battery_by_chemistry", "World battery demand by chemistry (EV and storage)", "GWh/yr",
        years, [Panel(s, [Trace(c, battery.sel(scenario=s, chemistry=c).values, COLORS[i])
                          for i, c in enumerate(CHEMISTRIES)], stacked=True)
                for s in scenarios], len(scenarios)))

    percent = 100 * world.secondary_supply / demand.where(demand > 0)
    figures.append(Figure(
        "secondary_share", "World secondary supply as a share of material demand", "%",
        years, [Panel(s, [Trace(m, percent.sel(scenario=s, mineral=m).fillna(0).values,
                                COLORS[i]) for i, m in enumerate(MINERALS)])
                for s in scenarios], len(scenarios)))

    regions = ["Canada", "South Korea", "World"]
    measures = [("battery demand, GWh/yr", central.battery_demand.sum(["application",
                                                                       "chemistry"])),
                ("lithium demand, kt/yr",
                 central.material_demand.sel(mineral="Lithium").sum("application"))]
    figures.append(Figure(
        "canada_korea_world", "Canada and South Korea beside the World", "", years,
        [Panel(f"{r}: {label}", [Trace(s, da.sel(scenario=s, region=r).values, COLORS[j])
                                 for j, s in enumerate(scenarios)])
         for label, da in measures for r in regions], 3))
    return figures


def _png(fig: Figure, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = -(-len(fig.panels) // fig.columns)
    canvas, axes = plt.subplots(rows, fig.columns, figsize=(4.2 * fig.columns, 3.2 * rows),
                                squeeze=False)
    for ax, panel in zip(axes.flat, fig.panels, strict=False):
        if panel.stacked:
            ax.stackplot(fig.x, [t.y for t in panel.traces], colors=[t.color for t in
                                                                     panel.traces],
                         labels=[t.name for t in panel.traces])
        for t in [] if panel.stacked else panel.traces:
            ax.plot(fig.x, t.y, color=t.color, label=t.name)
            if t.band is not None:
                ax.fill_between(fig.x, *t.band, color=t.color, alpha=0.2, lw=0)
        ax.set_title(panel.title, fontsize=9)
        ax.set_ylabel(fig.ylabel, fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(fig.panels):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=6)
    canvas.suptitle(fig.title)
    # fixed margins: tight_layout costs seconds per figure
    canvas.subplots_adjust(left=0.07, right=0.98, bottom=0.07, top=0.9, wspace=0.3,
                           hspace=0.45)
    canvas.savefig(path, dpi=100)
    plt.close(canvas)


def _html(fig: Figure, path: Path) -> None:
    import plotly.io as pio
    from plotly.subplots import make_subplots

    rows = -(-len(fig.panels) // fig.columns)
    layout = make_subplots(rows=rows, cols=fig.columns,
                           subplot_titles=[p.title for p in fig.panels]).to_dict()["layout"]
    data, shown = [], set()
    x = fig.x.tolist()
    for i, panel in enumerate(fig.panels):
        axis = "" if i == 0 else str(i + 1)
        for t in panel.traces:
            common = {"type": "scatter", "x": x, "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                      "legendgroup": t.name, "name": t.name}
            if t.band is not None:
                data.append({**common, "y": t.band[1].tolist(), "mode": "lines",
                             "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
                data.append({**common, "y": t.band[0].tolist(), "mode": "lines",
                             "line": {"width": 0}, "fill": "tonexty", "opacity": 0.2,
                             "fillcolor": t.color, "showlegend": False, "hoverinfo": "skip"})
            data.append({**common, "y": t.y.tolist(), "line": {"color": t.color},
                         "showlegend": t.name not in shown,
                         **({"stackgroup": f"s{i}"} if panel.stacked else {})})
            shown.add(t.name)
    layout.update(title={"text": fig.title}, height=320 * rows + 80,
                  template=pio.templates["plotly_white"].to_plotly_json())
    pio.write_html({"data": data, "layout": layout}, str(path), validate=False,
                   include_plotlyjs="directory")


def write_figures(results, folder: Path) -> None:
    """Write every standard figure as ``<name>.png`` and ``<name>.html`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for fig in describe(results):
        _png(fig, folder / f"{fig.name}.png")
        _html(fig, folder / f"{fig.name}.html")
