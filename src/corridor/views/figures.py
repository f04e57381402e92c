"""The standard figures, as static PNG (matplotlib) and interactive HTML (plotly).

* ``demand_by_mineral``: World material demand per mineral, one line per scenario
  (P5-P95 band with draws);
* ``battery_by_chemistry``: World battery demand by chemistry, one panel per scenario;
* ``secondary_share``: secondary supply as a share of demand, World, per mineral;
* ``canada_korea_world``: battery and lithium demand of Canada and Korea beside the World;
* ``clean_energy_by_technology``: World critical-mineral demand by technology (vehicles,
  storage, solar PV, wind, networks, ...), stacked, one panel per scenario;
* ``clean_energy_multiple``: that demand as a multiple of 2020's, World, Canada and Korea;
* ``stage_balances``: supply minus requirement by stage and mineral for Canada, Korea and
  the corridor (below zero: a gap), first scenario;
* ``facilities_by_province``: registry facilities by province and stage, Canada and Korea;
* ``concentration``: world HHI at mining and refining and supply risk per mineral, with
  and without the corridor pipeline (dashed), first scenario;
* ``trade_destinations``: where Canada's and Korea's chain exports go, by partner, by year;
* ``trade_flows``: Canada's chain exports in the latest year, product to partner (Sankey);
* ``tariff_shocks``: trade lost, diverted and rerouted by product, per tariff scenario.

Each figure is described once, as panels of traces (:class:`Figure`) or as flows
(:class:`Sankey`), then drawn by both back ends: ``fig.matplotlib()``, ``fig.plotly()``,
``fig.save(folder)`` (PNG at 200 dpi with a source line; HTML beside plotly.min.js);
``r.plot.save(folder)`` adds ``all.html``, every figure on one page that works alone (sent
by e-mail, or offline). In a notebook a figure shows itself as the interactive plotly one.
``r.plot.<name>()`` returns one (:class:`Plots`). The figures only draw what the run
returned; they compute no model numbers.
"""

from __future__ import annotations

import html
import multiprocessing as mp
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corridor import workers
from corridor.dims import CHEMISTRIES, CORRIDOR, CORRIDOR_REGION, MINERALS, STAGES
from corridor.io.codelist import codelist
from corridor.units import factor

#: twelve colours: one per chemistry, no repeat in a panel
COLORS = ["#1b6ca8", "#d1495b", "#66a182", "#edae49", "#7b4b94", "#00798c", "#8d6a9f",
          "#c5283d", "#495867", "#9bc53d", "#8c564b", "#17becf"]


def color(i: int) -> str:
    """The ``i``-th colour, cycling."""
    return COLORS[i % len(COLORS)]


@dataclass
class Trace:
    name: str
    y: np.ndarray
    color: str
    band: tuple[np.ndarray, np.ndarray] | None = None
    dashed: bool = False


@dataclass
class Panel:
    title: str
    traces: list[Trace] = field(default_factory=list)
    kind: str = "line"  # "line", "area" (stacked) or "bar" (categorical x)
    x: np.ndarray | None = None  # the panel's own x, else the figure's
    stacked: bool = True  # bars: stacked, else side by side


DPI = 200  # PNGs sharp on a slide and in print
#: pixels of a PNG at most: the largest multi-panel figures (demand by mineral, 22 panels)
#: are drawn at 136-157 dpi, still over 570 pixels a panel (rasterising 13 million pixels
#: took a second per figure)
MAX_PIXELS = 6e6


class _Drawing:
    """What every figure does with its two back ends: ``matplotlib()`` and ``figure()``
    (a plotly figure dictionary). ``source`` is the line under it (set by :class:`Plots`)."""

    name: str
    source = "Source: corridor"

    def plotly(self):
        """A ``plotly.graph_objects.Figure``."""
        import plotly.graph_objects as go

        return go.Figure(self.figure(), skip_invalid=True)

    def save(self, folder: Path) -> list[Path]:
        """``<name>.png`` and ``<name>.html`` in ``folder``."""
        import plotly.io as pio

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        png, page = folder / f"{self.name}.png", folder / f"{self.name}.html"
        canvas = self.matplotlib()
        canvas.text(0.005, 0.003, self.source, fontsize=6, color="#555", va="bottom")
        # fast zlib: a third of the encoding time for files about a fifth larger
        width, height = canvas.get_size_inches()
        dpi = min(DPI, (MAX_PIXELS / (width * height)) ** 0.5)
        canvas.savefig(png, dpi=dpi, pil_kwargs={"compress_level": 1})
        pio.write_html(self.figure(), str(page), validate=False, include_plotlyjs="directory")
        return [png, page]

    def _repr_html_(self) -> str:
        return self.plotly().to_html(full_html=False, include_plotlyjs="cdn")


@dataclass
class Figure(_Drawing):
    """A figure as panels of traces, drawn by matplotlib (static) and plotly (interactive)."""

    name: str
    title: str
    ylabel: str
    x: np.ndarray
    panels: list[Panel]
    columns: int
    panel_size: tuple[float, float] = (4.2, 3.2)  # inches, static figure

    def matplotlib(self):
        """A matplotlib figure (not attached to pyplot: nothing to close)."""
        return _matplotlib(self)

    def figure(self) -> dict:
        return _plotly(self)


@dataclass
class Sankey(_Drawing):
    """Flows from sources (left) to targets (right), band widths the values."""

    name: str
    title: str
    unit: str
    sources: list[str]
    targets: list[str]
    values: np.ndarray
    panels: tuple = ()  # none: drawn as one

    def _nodes(self) -> tuple[list[str], list[str]]:
        # largest first on each side, as the eye reads a flow diagram
        def order(names):
            totals = {n: self.values[[x == n for x in names]].sum() for n in set(names)}
            return sorted(totals, key=lambda n: -totals[n])
        return order(self.sources), order(self.targets)

    def matplotlib(self):
        """Two columns of nodes joined by smooth bands (matplotlib has no Sankey of this
        kind: its ``sankey`` draws one process's in- and outflows)."""
        from matplotlib.figure import Figure as Canvas

        left, right = self._nodes()
        canvas = Canvas(figsize=(11, 6))
        ax = canvas.add_axes((0.3, 0.04, 0.5, 0.86))
        total, gap = float(self.values.sum()), 0.02
        def positions(nodes, names):
            spans, top = {}, 1.0 + gap * (len(nodes) - 1)
            for n in nodes:
                height = self.values[[x == n for x in names]].sum() / total
                spans[n] = [top, top]  # top, and how far down bands have filled it
                top -= height + gap
            return spans
        at_left, at_right = positions(left, self.sources), positions(right, self.targets)
        t = np.linspace(0, 1, 50)
        smooth = (1 - np.cos(np.pi * t)) / 2
        # bands in node order on both sides: as few crossings as two columns allow
        for k in np.lexsort(([right.index(t) for t in self.targets],
                             [left.index(x) for x in self.sources])):
            source, target, width = self.sources[k], self.targets[k], self.values[k] / total
            y0, y1 = at_left[source][1], at_right[target][1]
            at_left[source][1] -= width
            at_right[target][1] -= width
            top = y0 + (y1 - y0) * smooth
            ax.fill_between(t, top - width, top, color=color(left.index(source)), alpha=0.55,
                            lw=0)
        for nodes, spans, x, align in ((left, at_left, -0.01, "right"),
                                       (right, at_right, 1.01, "left")):
            for n in nodes:
                top, bottom = spans[n]
                ax.fill_between([x - 0.01, x + 0.01], bottom, top, color="#495867")
                ax.text(x + (-0.02 if align == "right" else 0.02), (top + bottom) / 2,
                        f"{_short(n)} ({100 * (top - bottom):.0f}%)", ha=align, va="center",
                        fontsize=8)
        ax.set_axis_off()
        canvas.suptitle(self.title)
        return canvas

    def figure(self) -> dict:
        import plotly.io as pio

        left, right = self._nodes()
        index = {**{n: i for i, n in enumerate(left)},
                 **{n: len(left) + i for i, n in enumerate(right)}}
        trace = {"type": "sankey", "valueformat": ",.1f", "valuesuffix": f" {self.unit}",
                 "node": {"label": [*left, *right], "pad": 12,
                          "color": [color(i) for i in range(len(left))]
                          + ["#495867"] * len(right)},
                 "link": {"source": [index[s] for s in self.sources],
                          "target": [len(left) + right.index(t) for t in self.targets],
                          "value": self.values.tolist()}}
        return {"data": [trace], "layout": {
            "title": {"text": self.title}, "height": 640,
            "template": pio.templates["plotly_white"].to_plotly_json()}}


class Plots:
    """``r.plot``: one method per standard figure (``r.plot.demand_by_mineral()``), each
    returning a :class:`Figure`; ``save(folder)`` writes them all."""

    def __init__(self, results):
        self._results = results

    def figures(self) -> list[Figure]:
        attrs = self._results.attrs
        source = (f"Source: corridor {attrs.get('corridor_version', '')}, data "
                  f"{attrs.get('data_version', '')}; scenarios "
                  f"{', '.join(self._results.scenario_names)}")
        figures = describe(self._results)
        for fig in figures:
            fig.source = source
        return figures

    def save(self, folder: Path) -> list[Path]:
        """Every figure as PNG and HTML in ``folder``, and ``all.html``."""
        with self.saving(folder) as paths:
            pass
        return paths

    def page(self, figures: list | None = None) -> str:
        """Every figure on one HTML page with plotly.js inside: it works on its own, sent
        by e-mail or opened with no internet."""
        import plotly.io as pio

        figures = self.figures() if figures is None else figures
        parts = [pio.to_html(fig.figure(), full_html=False, validate=False,
                             include_plotlyjs=i == 0) for i, fig in enumerate(figures)]
        source = figures[0].source if figures else ""
        return ("<!doctype html><html><head><meta charset='utf-8'><title>corridor figures"
                "</title></head><body style='font-family:sans-serif'>" + "".join(parts)
                + f"<p style='color:#555;font-size:small'>{html.escape(source)}</p>"
                "</body></html>")

    @contextmanager
    def saving(self, folder: Path):
        """Draw every figure into ``folder`` while the block runs, on a second process
        where the machine can fork (matplotlib takes seconds); when the block ends, this
        process draws the figures the other has not started. Yields the list of paths,
        filled when the block ends."""
        from matplotlib.figure import Figure as Canvas

        ordered = self.figures()
        figures = sorted(ordered, key=lambda f: -len(f.panels))  # largest first
        paths: list[Path] = []
        if (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
            yield paths
            paths += [path for fig in figures for path in fig.save(folder)]
            paths.append(self._page(folder, ordered))
            return
        # load matplotlib and its fonts once, before the fork, not once per process
        Canvas(figsize=(1, 1)).text(0, 0, "0").figure.savefig(os.devnull, format="png")
        with workers.pool(1) as pool:
            jobs = [pool.submit(fig.save, folder) for fig in figures]
            yield paths
            for fig, job in reversed(list(zip(figures, jobs, strict=True))):
                if job.cancel():  # not started: draw it here
                    paths += fig.save(folder)
            paths.append(self._page(folder, ordered))  # while the other process finishes
            paths += [path for job in jobs if not job.cancelled() for path in job.result()]

    def _page(self, folder: Path, figures: list) -> Path:
        path = Path(folder) / "all.html"
        path.write_text(self.page(figures), encoding="utf-8")
        return path

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in NAMES:
            raise AttributeError(f"no figure {name!r}; choose from {', '.join(NAMES)}")

        def figure() -> Figure:
            found = next((fig for fig in self.figures() if fig.name == name), None)
            if found is None:
                raise ValueError(f"figure {name!r}: the run has nothing to draw in it (a "
                                 "run without tariff scenarios has no tariff_shocks)")
            return found

        figure.__doc__ = f"The {name} figure (:class:`Figure`)."
        return figure

    def __dir__(self):
        return [*NAMES, "figures", "save"]


NAMES = ("demand_by_mineral", "battery_by_chemistry", "secondary_share", "canada_korea_world",
         "clean_energy_by_technology", "clean_energy_multiple", "stage_balances",
         "facilities_by_province", "concentration", "trade_destinations", "trade_flows",
         "tariff_shocks")


def describe(results) -> list[Figure]:
    """The standard figures of a run."""
    central = results.demand
    scenarios = [str(s) for s in central.scenario.values]
    figures = demand_figures(results)
    regions = ["Canada", "South Korea", "World"]
    measures = [("battery demand, GWh/yr", central.battery_demand.sum(["application",
                                                                       "chemistry"])),
                ("lithium demand, kt/yr",
                 central.material_demand.sel(mineral="Lithium").sum("application"))]
    figures.append(Figure(
        "canada_korea_world", "Canada and South Korea beside the World", "",
        central.year.values,
        [Panel(f"{r}: {label}", [Trace(s, da.sel(scenario=s, region=r).values, color(j))
                                 for j, s in enumerate(scenarios)])
         for label, da in measures for r in regions], 3))
    return figures + _clean_energy_figures(results) + _supply_figures(results) + \
        _trade_figures(results)


def _clean_energy_figures(results) -> list[Figure]:
    """World critical-mineral demand by application (stacked, per scenario) and its
    multiple over 2020 (World, Canada, South Korea; P5-P95 shaded with draws)."""
    from corridor.dims import CRITICAL_MINERALS

    demand, ce = results.demand, results.clean_energy
    scenarios = [str(s) for s in demand.scenario.values]
    years = demand.year.values
    by_app = demand.material_demand.sel(region="World", mineral=list(CRITICAL_MINERALS)).sum(
        "mineral")
    apps = [str(a) for a in demand.application.values]
    over = ce.clean_energy_multiple.sel(base="2020")
    q = results.quantiles

    def band(scenario: str, region: str):
        if q is None:
            return None
        b = q.clean_energy_multiple.sel(base="2020", scenario=scenario, region=region)
        return b.sel(quantile=0.05).values, b.sel(quantile=0.95).values

    return [
        Figure("clean_energy_by_technology", "World critical-mineral demand by technology "
               "(aluminium and phosphorus left out)", "kt/yr", years,
               [Panel(s, [Trace(a, by_app.sel(scenario=s, application=a).values, color(i))
                          for i, a in enumerate(apps)], kind="area") for s in scenarios],
               len(scenarios)),
        Figure("clean_energy_multiple", "Clean-energy critical-mineral demand over 2020"
               + (" (P5-P95 shaded)" if q is not None else ""), "x 2020", years,
               [Panel(r, [Trace(s, over.sel(scenario=s, region=r).values, color(j),
                                band(s, r)) for j, s in enumerate(scenarios)])
                for r in ("World", *CORRIDOR)], 3),
    ]


def demand_figures(results, region: str = "World", minerals=MINERALS) -> list[Figure]:
    """Material demand per mineral (one line per scenario, P5-P95 band with draws),
    battery demand by chemistry and secondary supply as a share of demand, of ``region``
    and ``minerals``: the first three standard figures (``World`` and every mineral)."""
    central, q = results.demand, results.quantiles
    scenarios = [str(s) for s in central.scenario.values]
    years = central.year.values
    here = central.sel(region=region)
    demand = here.material_demand.sum("application")
    figures = []

    panels = []
    for mineral in minerals:
        unit = codelist().loc[f"Material Demand|{mineral}", "unit"]  # t/yr for the small
        k = factor(central.material_demand.attrs["units"], unit)
        panel = Panel(f"{mineral} ({unit})")
        for j, s in enumerate(scenarios):
            band = None
            if q is not None:
                b = q.material_demand.sel(scenario=s, region=region, mineral=mineral) * k
                band = (b.sel(quantile=0.05).values, b.sel(quantile=0.95).values)
            panel.traces.append(Trace(s, demand.sel(scenario=s, mineral=mineral).values * k,
                                      color(j), band))
        panels.append(panel)
    figures.append(Figure("demand_by_mineral", f"{region} material demand by mineral"
                          + (" (P5-P95 shaded)" if q is not None else ""), "", years, panels,
                          min(3, len(panels))))

    battery = here.battery_demand.sum("application")
    figures.append(Figure(
        "battery_by_chemistry", f"{region} battery demand by chemistry (EV and storage)",
        "GWh/yr", years,
        [Panel(s, [Trace(c, battery.sel(scenario=s, chemistry=c).values, color(i))
                   for i, c in enumerate(CHEMISTRIES)], kind="area") for s in scenarios],
        len(scenarios)))

    percent = (100 * here.secondary_supply / demand.where(demand > 0)).fillna(0)
    recycled = [m for m in minerals if float(percent.sel(mineral=m).max()) > 0]
    figures.append(Figure(
        "secondary_share", f"{region} secondary supply as a share of material demand", "%",
        years, [Panel(s, [Trace(m, percent.sel(scenario=s, mineral=m).values, color(i))
                          for i, m in enumerate(recycled)])
                for s in scenarios], len(scenarios)))
    return figures


def _supply_figures(results) -> list[Figure]:
    from corridor.supply.balance import BALANCE_STAGES, CHAIN
    from corridor.supply.registry import by_province

    scenario = str(results.demand.scenario.values[0])
    ds = results.balance.sel(scenario=scenario)
    risk = results.risk.sel(scenario=scenario)
    years = ds.year.values
    minerals = list(CHAIN)
    panels = [Panel(f"{region}: {stage}", [
        Trace(m, ds.balance.sel(region=region, stage=stage, mineral=m).values, color(i))
        for i, m in enumerate(minerals) if ds.balance.sel(
            region=region, stage=stage, mineral=m).notnull().any()])
        for region in ("Canada", "South Korea", CORRIDOR_REGION) for stage in BALANCE_STAGES]
    figures = [Figure("stage_balances", f"Supply minus requirement by stage, kt/yr contained "
                      f"(below zero: a gap; {scenario})", "kt/yr", years, panels,
                      len(BALANCE_STAGES))]

    facilities = results.reference("registry")
    panels = []
    for country in CORRIDOR:
        table = by_province(facilities, country)
        panels.append(Panel(country, [Trace(stage, table[stage].to_numpy(),
                                            color(STAGES.index(stage)))
                                      for stage in table.columns], kind="bar",
                            x=table.index.to_numpy()))
    figures.append(Figure("facilities_by_province", "Facilities in the registry by province "
                          "and stage (every status)", "facilities", np.array([]), panels, 1,
                          (9.0, 3.6)))

    panels = []
    for label, pick in (("HHI mining", lambda v: v.hhi.sel(stage="mining")),
                        ("HHI refining", lambda v: v.hhi.sel(stage="refining")),
                        ("supply risk", lambda v: v.supply_risk)):
        for m in risk.mineral.values:  # the supply minerals, magnet rare earths among them
            series = pick(risk).sel(mineral=m)
            if not bool(series.notnull().any()):
                continue
            panels.append(Panel(f"{m}: {label}", [
                Trace("with corridor pipeline", series.sel(corridor_pipeline="included").values,
                      COLORS[0]),
                Trace("without", series.sel(corridor_pipeline="excluded").values, COLORS[1],
                      dashed=True)]))
    figures.append(Figure("concentration", "World supply concentration (HHI, 0-1) and EU "
                          f"supply risk, with and without the corridor pipeline ({scenario})",
                          "", years, panels, 6))
    return figures


def _trade_figures(results) -> list[Figure]:
    trade = results.trade
    if trade is None:
        return []
    shares = 100 * trade.export_share.sel(hs6="chain").isel(scenario=0)  # history
    own = {"Canada": "CAN", "South Korea": "KOR"}
    panels = [Panel(str(region), [
        Trace(str(p), shares.sel(region=region, partner=p).fillna(0).values, color(i))
        for i, p in enumerate(shares.partner.values) if p != own.get(region)], kind="area")
        for region in shares.region.values]
    figures = [Figure("trade_destinations", "Chain exports by destination, % of value (BACI)",
                      "%", trade.year.values, panels, len(panels))]
    year = int(trade.year.max())
    canada = trade.sel(region="Canada", year=year).isel(scenario=0, drop=True)
    products = [h for h in canada.hs6.values if h != "chain"]
    flows = (canada.exports.sel(hs6=products) * canada.export_share.sel(hs6=products)) / 1e6
    rows = flows.to_dataframe("value").reset_index().query("value > 0")
    label = dict(zip(canada.hs6.values, canada["product"].values, strict=True))
    small = rows.groupby("hs6").value.transform("sum") < 0.01 * rows.value.sum()
    rows["product"] = rows.hs6.map(label).where(~small, "products under 1% together")
    rows = rows.groupby(["product", "partner"], as_index=False).value.sum()
    figures.append(Sankey("trade_flows", f"Canada's chain exports by product and partner, "
                          f"{year}, US$ million (BACI)", "US$ m", list(rows["product"]),
                          list(rows.partner), rows.value.to_numpy()))
    shocks = results.tariffs
    if shocks is not None:
        moved = ("lost", "diverted", "rerouted")
        panels = []
        for name in shocks.tariffs.values:
            one = shocks.sel(tariffs=name).dropna("hs6", subset=["lost"])
            panels.append(Panel(str(one.title.values), [
                Trace(m, one[m].values / 1e6, color(i)) for i, m in enumerate(moved)],
                kind="bar", x=one["product"].values, stacked=False))
        figures.append(Figure("tariff_shocks", "Tariff scenarios: trade lost, diverted and "
                              "rerouted by product, US$ million (GSIM)", "US$ million",
                              np.array([]), panels, 1, (9.0, 3.0)))
    return figures


def _short(label: str, width: int = 36) -> str:
    """``label`` cut to ``width`` characters, for a static figure's margin."""
    return label if len(label) <= width else label[: width - 1].rstrip(" ,") + "…"


def _matplotlib(fig: Figure):
    # a bare Figure, not pyplot: no global backend or state, nothing to close
    from matplotlib.figure import Figure as Canvas
    from matplotlib.ticker import MaxNLocator

    rows = -(-len(fig.panels) // fig.columns)
    width, height = fig.panel_size
    inches = height * rows
    canvas = Canvas(figsize=(width * fig.columns, inches))
    axes = canvas.subplots(rows, fig.columns, squeeze=False)
    for ax, panel in zip(axes.flat, fig.panels, strict=False):
        x = fig.x if panel.x is None else panel.x
        if panel.kind == "area":
            ax.stackplot(x, [t.y for t in panel.traces], colors=[t.color for t in
                                                                 panel.traces],
                         labels=[t.name for t in panel.traces])
        elif panel.kind == "bar":
            bottom, rows, n = np.zeros(len(x)), np.arange(len(x)), len(panel.traces)
            for i, t in enumerate(panel.traces):
                if panel.stacked:
                    ax.barh(x, t.y, left=bottom, color=t.color, label=t.name)
                    bottom = bottom + t.y
                else:
                    ax.barh(rows + (i - (n - 1) / 2) * 0.8 / n, t.y, height=0.8 / n,
                            color=t.color, label=t.name)
            if not panel.stacked:
                ax.set_yticks(rows, x)
            ax.invert_yaxis()
            ax.set_xlabel(fig.ylabel, fontsize=8)
            ax.legend(fontsize=6)
        else:
            for t in panel.traces:
                ax.plot(x, t.y, color=t.color, label=t.name, ls="--" if t.dashed else "-")
                if t.band is not None:
                    ax.fill_between(x, *t.band, color=t.color, alpha=0.2, lw=0)
            if any(np.nanmin(t.y, initial=0.0) < 0 for t in panel.traces):
                ax.axhline(0.0, color="grey", lw=0.6)
            ax.set_ylabel(fig.ylabel, fontsize=8)
            if len(x):  # few ticks: matplotlib spends most of a figure's time making them
                ax.set_xticks(np.linspace(x[0], x[-1], 3).round())
            ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.set_title(panel.title, fontsize=9, y=1.0, pad=4)  # fixed: auto placement is slow
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(fig.panels):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=6)
    # fixed margins (tight_layout costs seconds per figure), in inches: room for the
    # titles above and the ticks and source below, whatever the figure's height
    canvas.suptitle(fig.title, y=1 - 0.12 / inches)
    bars = any(p.kind == "bar" for p in fig.panels)
    canvas.subplots_adjust(left=0.22 if bars else 0.07, right=0.98, bottom=0.45 / inches,
                           top=1 - 0.75 / inches, wspace=0.3, hspace=0.45)
    return canvas


def _plotly(fig: Figure) -> dict:
    """The figure as a plotly figure dictionary."""
    import plotly.io as pio
    from plotly.subplots import make_subplots

    rows = -(-len(fig.panels) // fig.columns)
    layout = make_subplots(rows=rows, cols=fig.columns,
                           subplot_titles=[p.title for p in fig.panels]).to_dict()["layout"]
    data, shown = [], set()
    for i, panel in enumerate(fig.panels):
        axis = "" if i == 0 else str(i + 1)
        x = (fig.x if panel.x is None else panel.x).tolist()
        for t in panel.traces:
            common = {"type": "scatter", "x": x, "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                      "legendgroup": t.name, "name": t.name}
            if panel.kind == "bar":  # horizontal: long province names read better
                data.append({**common, "type": "bar", "orientation": "h", "x": t.y.tolist(),
                             "y": x, "marker": {"color": t.color},
                             "showlegend": t.name not in shown})
                shown.add(t.name)
                continue
            if t.band is not None:
                data.append({**common, "y": t.band[1].tolist(), "mode": "lines",
                             "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"})
                data.append({**common, "y": t.band[0].tolist(), "mode": "lines",
                             "line": {"width": 0}, "fill": "tonexty", "opacity": 0.2,
                             "fillcolor": t.color, "showlegend": False, "hoverinfo": "skip"})
            data.append({**common, "y": t.y.tolist(),
                         "line": {"color": t.color, "dash": "dash" if t.dashed else "solid"},
                         "showlegend": t.name not in shown,
                         **({"stackgroup": f"s{i}"} if panel.kind == "area" else {})})
            shown.add(t.name)
    grouped = any(p.kind == "bar" and not p.stacked for p in fig.panels)
    layout.update(title={"text": fig.title}, height=320 * rows + 80,
                  barmode="group" if grouped else "stack",
                  template=pio.templates["plotly_white"].to_plotly_json())
    return {"data": data, "layout": layout}
