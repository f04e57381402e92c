"""Command line: ``corridor run``, ``validate``, ``facilities``, ``balance``.

Also ``python -m corridor``.

Bad input prints one line naming the file, field and problem and exits with code 2;
a failed model check exits with code 1. Neither shows a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from corridor.errors import CheckError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="corridor: open scenario model of the Canada-Korea battery and "
                       "critical-minerals value chain.")
err_console = Console(stderr=True)


def _fail(message: str, code: int) -> None:
    err_console.print(f"[bold red]error:[/bold red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def run(
    scenario: Annotated[list[str] | None, typer.Option(
        "--scenario", "-s", help="built-in name (STEPS, APS, NZE) or YAML file; repeatable; "
        "default: the three built-ins")] = None,
    out: Annotated[Path, typer.Option(help="output folder")] = Path("corridor-output"),
    draws: Annotated[int, typer.Option(min=0, help="Monte Carlo draws (0: central only)")] = 0,
    seed: Annotated[int, typer.Option(min=0, help="Monte Carlo seed")] = 0,
    data: Annotated[Path | None, typer.Option(
        help="folder of CSV tables replacing the shipped ones of the same name")] = None,
    figures: Annotated[bool, typer.Option(help="write figures")] = True,
) -> None:
    """Run the scenarios and write results, workbook, arrays and figures to OUT."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from corridor.data import Data
    from corridor.model.core import run as run_model
    from corridor.outputs.files import write_all
    from corridor.outputs.summary import print_summary
    from corridor.scenario import BUILTIN

    console = Console()
    names = scenario or list(BUILTIN)
    try:
        tables = Data(data)
        if draws:
            with Progress(TextColumn("Monte Carlo"), BarColumn(), TextColumn(
                    "{task.completed:,}/{task.total:,} draws"), TimeRemainingColumn(),
                    console=console, transient=True) as bar:
                task = bar.add_task("draws", total=draws * len(names))
                state = {"base": 0, "last": 0}

                def progress(done: int) -> None:
                    if done < state["last"]:  # next scenario
                        state["base"] += draws
                    state["last"] = done
                    bar.update(task, completed=state["base"] + done)

                results = run_model(names, draws=draws, seed=seed, data=tables,
                                    progress=progress)
        else:
            results = run_model(names, data=tables)
        write_all(results, out, figures=figures)
    except InputError as err:
        _fail(str(err), 2)
    except CheckError as err:
        _fail(f"model check failed: {err}", 1)
    print_summary(results, out, console)


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="scenario YAML files")]) -> None:
    """Check scenario files without running them."""
    from corridor.scenario import load_scenario

    for path in files:
        try:
            scenario = load_scenario(path)
        except InputError as err:
            _fail(str(err), 2)
        Console().print(f"{path}: valid scenario [bold]{scenario.name}[/bold]")


@app.command()
def facilities(
    country: Annotated[list[str] | None, typer.Option(
        "--country", "-c", help="CA, KR, US, ... or a name; repeatable")] = None,
    stage: Annotated[list[str] | None, typer.Option(
        "--stage", help="mine, refining, precursor, cathode, anode, cell, pack, vehicle "
        "assembly, recycling, component (or CAM, pCAM, ...); repeatable")] = None,
    status: Annotated[list[str] | None, typer.Option(
        "--status", help="operating, under construction, committed, announced, paused, "
        "cancelled; repeatable")] = None,
    owner: Annotated[list[str] | None, typer.Option(
        "--owner-country", help="home country of an owner; repeatable")] = None,
    korean: Annotated[bool | None, typer.Option(
        "--korean/--not-korean", help="only facilities with (without) a Korean link")] = None,
    data: Annotated[Path | None, typer.Option(help="folder of replacement tables")] = None,
) -> None:
    """List the facility registry, filtered (e.g. --country CA --stage cathode)."""
    from corridor.data import Data
    from corridor.outputs.summary import print_facilities
    from corridor.supply.facilities import filter_facilities, load_facilities

    try:
        rows = filter_facilities(load_facilities(Data(data)), country=country, stage=stage,
                                 status=status, owner_country=owner, korean_link=korean)
    except InputError as err:
        _fail(str(err), 2)
    print_facilities(rows, Console())


@app.command()
def balance(
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="built-in name or YAML file")] = "STEPS",
    region: Annotated[str, typer.Option(
        help="Canada, South Korea, Canada+South Korea or World (CA, KR, corridor)")] = "corridor",
    mineral: Annotated[list[str] | None, typer.Option(
        "--mineral", "-m", help="repeatable; default: all battery minerals")] = None,
    data: Annotated[Path | None, typer.Option(help="folder of replacement tables")] = None,
) -> None:
    """Show a region's stage-by-stage supply, requirement and gaps for one scenario."""
    from corridor.data import Data
    from corridor.model.core import run as run_model
    from corridor.outputs.summary import print_balance

    try:
        results = run_model([scenario], data=Data(data))
        print_balance(results, region, mineral, Console())
    except InputError as err:
        _fail(str(err), 2)
    except CheckError as err:
        _fail(f"model check failed: {err}", 1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
