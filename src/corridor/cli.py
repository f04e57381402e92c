"""Command line: ``corridor run``, ``validate``, ``facilities``, ``balance``.

Also ``python -m corridor``. The commands call the Python API (:func:`corridor.run`, the
registry's filters) and print what it returns. Bad input prints one line naming the file,
field and problem and exits with code 2; a failed model check exits with code 1. Neither
shows a traceback.
"""

from __future__ import annotations

import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from corridor.config.load import BUILTIN
from corridor.errors import CheckError, CorridorWarning, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="corridor: open scenario model of the Canada-Korea battery and "
                       "critical-minerals value chain.")
err_console = Console(stderr=True)


def _console() -> Console:
    """The terminal's width, or 100 columns where output goes to a file or a pipe (rich
    would take 80): every table is laid out for 100."""
    console = Console()
    return console if console.is_terminal else Console(width=100)


def _fail(message: str, code: int) -> None:
    err_console.print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)
    raise typer.Exit(code)


class Basis(StrEnum):
    """Basis of lithium quantities in the outputs."""

    Li = "Li"
    LCE = "LCE"


DataOption = Annotated[Path | None, typer.Option(
    help="folder of CSV tables replacing the shipped ones of the same name")]


@app.command()
def run(
    scenario: Annotated[list[str] | None, typer.Option(
        "--scenario", "-s", help="built-in name (STEPS, APS, NZE) or YAML file; repeatable; "
        "default: the three built-ins")] = None,
    out: Annotated[Path, typer.Option(help="output folder (new, empty or an earlier "
                                      "corridor output)")] = Path("corridor-output"),
    draws: Annotated[int, typer.Option(min=0, help="Monte Carlo draws (0: central only)")] = 0,
    seed: Annotated[int, typer.Option(min=0, help="Monte Carlo seed")] = 0,
    data: DataOption = None,
    lithium_basis: Annotated[Basis, typer.Option(
        "--lithium-basis", help="Li (contained lithium) or LCE (lithium carbonate "
        "equivalent)")] = Basis.Li,
    figures: Annotated[bool, typer.Option(help="write figures")] = True,
) -> None:
    """Run the scenarios and write results, workbook, arrays and figures to OUT."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    import corridor
    from corridor.views.console import print_summary

    console = _console()
    names = scenario or list(BUILTIN)
    bar = Progress(TextColumn("Monte Carlo"), BarColumn(), TextColumn(
        "{task.completed:,}/{task.total:,} draws"), TimeRemainingColumn(), console=console,
        transient=True, disable=not draws)
    task = bar.add_task("draws", total=draws * len(names))
    try:
        with warnings.catch_warnings(), bar:
            warnings.simplefilter("ignore", CorridorWarning)  # printed with the summary
            results = corridor.run(names, draws=draws, seed=seed, data=corridor.Data(data),
                                   lithium_basis=lithium_basis.value,
                                   progress=lambda done: bar.update(task, completed=done))
        results.io.write(out, figures=figures)
    except InputError as err:
        _fail(str(err), 2)
    except CheckError as err:
        _fail(f"model check failed: {err}", 1)
    print_summary(results, out, console)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="scenario YAML files")],
    data: DataOption = None,
) -> None:
    """Check scenario files against the schema and the data, as a run would."""
    import corridor

    for path in files:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CorridorWarning)
                results = corridor.run(path, data=corridor.Data(data))
        except InputError as err:
            _fail(str(err), 2)
        except CheckError as err:
            _fail(f"model check failed: {err}", 1)
        name = results.scenario_names[0]
        console = _console()
        console.print(Text(f"{path}: valid scenario ") + Text(name, style="bold"))
        for note in results.notes[name]:
            if note.startswith("warning: "):
                console.print(Text(note, style="yellow"))


@app.command()
def facilities(
    country: Annotated[list[str] | None, typer.Option(
        "--country", "-c", help="CA, KR, US, ... or a name; repeatable")] = None,
    stage: Annotated[list[str] | None, typer.Option(
        "--stage", help="mining, refining, precursor, cathode, anode, cell, pack, vehicle "
        "assembly, recycling, component (or mine, CAM, pCAM, ...); repeatable")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", help="operating, under construction, committed, announced, paused, "
        "cancelled; repeatable")] = None,
    owner: Annotated[list[str] | None, typer.Option(
        "--owner-country", help="home country of an owner; repeatable")] = None,
    korean: Annotated[bool | None, typer.Option(
        "--korean/--not-korean", help="only facilities with (without) a Korean link")] = None,
    data: DataOption = None,
) -> None:
    """List the facility registry, filtered (e.g. --country CA --stage cathode)."""
    from corridor.data import Data
    from corridor.supply.registry import filter_facilities, load_facilities
    from corridor.views.console import print_facilities

    try:
        rows = filter_facilities(load_facilities(Data(data)), country=country, stage=stage,
                                 status=status, owner_country=owner, korean_link=korean)
    except InputError as err:
        _fail(str(err), 2)
    print_facilities(rows, _console())


@app.command()
def balance(
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="built-in name or YAML file")] = "STEPS",
    region: Annotated[str, typer.Option(
        help="Canada, South Korea, Canada+South Korea or World (CA, KR, corridor)")] = "corridor",
    mineral: Annotated[list[str] | None, typer.Option(
        "--mineral", "-m", help="repeatable; default: the battery minerals")] = None,
    data: DataOption = None,
) -> None:
    """A region's supply by stage against its own demand in one scenario, then against
    what the next stage's plants consume, with the years gaps open and close."""
    import corridor
    from corridor.views.console import print_balance

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorridorWarning)
            results = corridor.run(scenario, data=corridor.Data(data))
        print_balance(results, region, mineral, _console())
    except InputError as err:
        _fail(str(err), 2)
    except CheckError as err:
        _fail(f"model check failed: {err}", 1)
