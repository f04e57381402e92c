"""Briefing notes on proposed projects, as HTML and PDF (WeasyPrint).

:func:`briefing` assesses a project or a portfolio (:mod:`corridor.assessment`), ranks it
among the registry's open proposals when there are others (:mod:`corridor.ranking`), and
lays out two to four A4 pages: a summary box with the key figures, the needs and their
coverage by stage, a figure of self-sufficiency without and with, costs and jobs with
their ranges, the ranking, the assumptions and the sources, with the scenario, corridor's
and the data's versions and the date. :func:`write` saves the HTML (self-contained: the
figure is embedded) and the PDF atomically. The report computes no model number.

Examples
--------
>>> from corridor.projects import Project
>>> cell = Project(id="cell-x", name="Cell plant", type="cell", country="Canada",
...                proponents=[{"name": "A", "country": "South Korea"}],
...                product_class="NCM", chemistry="NMC811", capacity=30, unit="GWh/yr",
...                start_year=2030)
>>> note = briefing([cell])
>>> "Cell plant" in note.html and note.pages() >= 2
True
"""

from corridor.reports.briefing import Briefing, briefing, write

__all__ = ["Briefing", "briefing", "write"]
