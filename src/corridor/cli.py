"""Command line: ``corridor run``, ``validate``, ``facilities``, ``balance``.

Also ``python -m corridor``. The commands call the Python API (:func:`corridor.run`, the
registry's filters) and print what it returns. Bad input prints one line naming the file,
field and problem and exits with code 2; a failed model check exits with code 1; Ctrl-C
and SIGTERM stop a run at once with code 130 and 143. None shows a traceback, and none
changes the output folder.
"""

from __future__ import annotations

import os
import signal
import threading
import warnings
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from corridor.config.load import BUILTIN
from corridor.errors import CheckError, CorridorWarning, InputError, one_line
from corridor.limits import MAX_DRAWS

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
    err_console.print(Text("error: ", style="bold red") + Text(one_line(message)),
                      soft_wrap=True)
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> None:
    """The ``corridor`` command: ``app``, with usage errors (an unknown option, a value out
    of range) on one line too, exit code 2."""
    import sys

    try:
        code = app(args=argv, prog_name="corridor", standalone_mode=False)
    except Exception as err:  # click's (vendored by typer) UsageError and Abort
        if getattr(err, "exit_code", None) == 2 and hasattr(err, "format_message"):
            context = getattr(err, "ctx", None)
            command = context.command_path if context else "corridor"
            err_console.print(Text("error: ", style="bold red") + Text(
                f"{err.format_message()} (see {command} --help)"), soft_wrap=True)
            sys.exit(2)
        if type(err).__name__ == "Abort":  # Ctrl-C before a command started
            sys.exit(130)
        raise
    if code in (130, 143):
        # stopped by Ctrl-C or SIGTERM: the temporary files are gone already, so leave at
        # once, without the interpreter's teardown of the Monte Carlo's arrays and Dask's
        # threads (about a second)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code if isinstance(code, int) else 0)


class _Terminated(BaseException):
    """SIGTERM, raised so that temporary files are removed on the way out."""


def _terminate(signum, frame):
    raise _Terminated


@contextmanager
def _answers():
    """Every way a command can fail, as one line and an exit code."""
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if on_main_thread else None
    try:
        yield
    except InputError as err:
        _fail(str(err), 2)
    except CheckError as err:
        _fail(f"model check failed: {err}", 1)
    except KeyboardInterrupt:
        _fail("interrupted (nothing half-written is left)", 130)
    except _Terminated:
        _fail("terminated (nothing half-written is left)", 143)
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


class Basis(StrEnum):
    """Basis of lithium quantities in the outputs."""

    Li = "Li"
    LCE = "LCE"


DataOption = Annotated[Path | None, typer.Option(
    help="folder of CSV tables replacing the shipped ones of the same name")]
SchedulerOption = Annotated[str | None, typer.Option(
    help="Dask scheduler for the model runs (tcp://host:8786); default: this machine")]


@app.command()
def run(
    scenario: Annotated[list[str] | None, typer.Option(
        "--scenario", "-s", help="built-in name (STEPS, APS, NZE) or YAML file; repeatable; "
        "default: the three built-ins")] = None,
    out: Annotated[Path, typer.Option(help="output folder (new, empty or an earlier "
                                      "corridor output)")] = Path("corridor-output"),
    draws: Annotated[int, typer.Option(min=0, max=MAX_DRAWS, help="Monte Carlo draws (0: "
                                       "central only; a million take about 7 min a scenario "
                                       "on two cores)")] = 0,
    seed: Annotated[int, typer.Option(min=0, help="Monte Carlo seed")] = 0,
    data: DataOption = None,
    lithium_basis: Annotated[Basis, typer.Option(
        "--lithium-basis", help="Li (contained lithium) or LCE (lithium carbonate "
        "equivalent)")] = Basis.Li,
    tariffs: Annotated[list[str] | None, typer.Option(
        "--tariffs", "-t", help="tariff scenario whose shock the outputs carry: built-in "
        "name or YAML file; repeatable; default: the built-ins; 'none' for none")] = None,
    case: Annotated[list[str] | None, typer.Option(
        "--case", "-c", help="technology case on top of every scenario (built-in: "
        "faster-lfp-sodium, silicon-rich, solid-state, high-nickel; or a YAML file); "
        "repeatable; each adds <scenario>+<case> runs")] = None,
    figures: Annotated[bool, typer.Option(help="write figures")] = True,
    force: Annotated[bool, typer.Option(help="write into a folder that holds other files, "
                                        "replacing only corridor's own")] = False,
    scheduler: SchedulerOption = None,
) -> None:
    """Run the scenarios and write results, workbook, arrays and figures to OUT."""
    with _answers():
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        import corridor
        from corridor.views.console import print_summary

        console = _console()
        names = scenario or list(BUILTIN)
        bar = Progress(TextColumn("Monte Carlo"), BarColumn(), TextColumn(
            "{task.completed:,}/{task.total:,} draws"), TimeRemainingColumn(),
            console=console, transient=True, disable=not draws)
        task = bar.add_task("draws", total=draws * len(names) * (1 + len(case or [])))
        with warnings.catch_warnings(), bar:
            warnings.simplefilter("ignore", CorridorWarning)  # printed with the summary
            results = corridor.run(names, draws=draws, seed=seed, data=corridor.Data(data),
                                   lithium_basis=lithium_basis.value,
                                   tariffs=[] if tariffs == ["none"] else tariffs,
                                   cases=case or (), scheduler=scheduler,
                                   progress=lambda done: bar.update(task, completed=done))
        results.io.write(out, figures=figures, force=force)
        print_summary(results, out, console)


@app.command()
def sensitivity(
    output: Annotated[str, typer.Option(
        "--output", "-o", help="codelist variable: Material Demand|<mineral>, Primary "
        "Demand|<mineral>, Secondary Supply|<mineral>, Battery Demand[|<application>], "
        "Material Demand|Clean Energy Technologies or its Multiple|...|Over 2020")
        ] = "Material Demand|Lithium",
    region: Annotated[str, typer.Option(help="World or one of its six parts")] = "World",
    year: Annotated[int, typer.Option(help="year of the output")] = 2040,
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="built-in name or YAML file")] = "STEPS",
    samples: Annotated[int, typer.Option(
        help="Saltelli base sample N, a power of two: N x (inputs + 2) model runs")] = 1024,
    seed: Annotated[int, typer.Option(min=0, help="seed of the Sobol sequence")] = 0,
    out: Annotated[Path | None, typer.Option(
        help="folder for sensitivity.csv and the tornado figure (PNG, HTML)")] = None,
    force: Annotated[bool, typer.Option(help="write into a folder that holds other files")
                     ] = False,
    data: DataOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Sobol first-order and total indices of one output for every uncertain input of the
    Monte Carlo (lifetimes, pack sizes, EV adoption, technology cases, recycling rates)."""
    with _answers(), warnings.catch_warnings():
        import corridor
        from corridor.views.sensitivity import print_sensitivity, save

        warnings.simplefilter("ignore", CorridorWarning)
        table = corridor.sensitivity(output, region, year, scenario, samples=samples,
                                     seed=seed, data=corridor.Data(data), scheduler=scheduler)
        console = _console()
        print_sensitivity(table, console)
        if out is not None:
            save(table, out, force)
            console.print(f"Table and tornado figure written to {out}")


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="scenario YAML files")],
    data: DataOption = None,
) -> None:
    """Check scenario files against the schema and the data, as a run of them together
    would (``corridor run -s FILE -s FILE ...``)."""
    with _answers(), warnings.catch_warnings():
        import corridor

        warnings.simplefilter("ignore", CorridorWarning)
        results = corridor.run(files, data=corridor.Data(data))
    console = _console()
    for path, name in zip(files, results.scenario_names, strict=True):
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

    with _answers():
        rows = filter_facilities(load_facilities(Data(data)), country=country, stage=stage,
                                 status=status, owner_country=owner, korean_link=korean)
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
    with _answers(), warnings.catch_warnings():
        import corridor
        from corridor.views.console import print_balance

        warnings.simplefilter("ignore", CorridorWarning)
        results = corridor.run(scenario, data=corridor.Data(data))
        print_balance(results, region, mineral, _console())


data_app = typer.Typer(no_args_is_help=True, help="Data sets fetched into the user's "
                       "data folder.")
fetch_app = typer.Typer(no_args_is_help=True, help="Download a public data set and keep "
                        "what corridor uses.")
app.add_typer(data_app, name="data")
data_app.add_typer(fetch_app, name="fetch")


class TariffModel(StrEnum):
    """Partial-equilibrium models of a tariff shock."""

    gsim = "gsim"
    smart = "smart"


class Nomenclature(StrEnum):
    """BACI's HS editions that hold every code of the chain."""

    HS17 = "HS17"
    HS22 = "HS22"


@fetch_app.command("trade")
def fetch_trade(
    source: Annotated[str | None, typer.Option(
        "--from", help="a BACI release: URL, zip or unzipped folder (default: CEPII's "
        "download of --release and --nomenclature)")] = None,
    release: Annotated[str, typer.Option(help="BACI release, e.g. 202601")] = "202601",
    nomenclature: Annotated[Nomenclature, typer.Option(help="HS edition")
                            ] = Nomenclature.HS17,
    year: Annotated[list[int] | None, typer.Option(
        help="year to keep; repeatable (default: 2019 on)")] = None,
    country: Annotated[list[str] | None, typer.Option(
        help="ISO3 code to keep by name besides corridor's; repeatable")] = None,
) -> None:
    """Fetch CEPII BACI trade flows (Etalab 2.0) and keep the chain's products in the data
    folder; the trade layer and `corridor run` then use them instead of the snapshot."""
    with _answers():
        from corridor.trade.fetch import fetch_baci, release_url

        url = source or release_url(release, nomenclature.value)
        with err_console.status(f"reading {url} (a release is 1-2 GB) ..."):
            got = fetch_baci(url, years=year, countries=country or ())
        _console().print(Text(
            f"{got.path}: {got.rows:,} flows of {got.release}, {got.years[0]}-{got.years[-1]},"
            f" {got.countries} countries with EU27 and World; HS codes with no flow: "
            f"{', '.join(got.missing_products) or 'none'}. Delete the file to use the "
            "shipped snapshot again."))


projects_app = typer.Typer(no_args_is_help=True, help="The committee's proposed projects: "
                           "a registry in SQLite (default) or PostgreSQL, every change kept.")
app.add_typer(projects_app, name="projects")
DbOption = Annotated[str | None, typer.Option(
    "--db", help="database: an SQLite path or postgresql://... (default: $CORRIDOR_DB, else "
    "projects.sqlite in the data folder)")]
AuthorOption = Annotated[str | None, typer.Option(
    help="who makes the change, kept in the history (default: $CORRIDOR_AUTHOR, else the "
    "login name)")]
ProjectId = Annotated[str, typer.Argument(help="project id")]


def _registry(db):
    from corridor.projects import Registry

    return Registry(db)


def _author(author: str | None) -> str:
    import getpass
    import os

    return author or os.environ.get("CORRIDOR_AUTHOR") or getpass.getuser()


@fetch_app.command("multipliers")
def fetch_multipliers(
    source: Annotated[str | None, typer.Option(
        "--from", help="table 36-10-0595-01: URL, its zip or its CSV (default: Statistics "
        "Canada's download)")] = None,
) -> None:
    """Fetch Statistics Canada's input-output multipliers (Open Government Licence) for the
    indirect and induced jobs of Canadian projects."""
    with _answers():
        from corridor.projects.multipliers import URL, fetch_statcan

        with err_console.status(f"reading {source or URL} ..."):
            got = fetch_statcan(source)
        _console().print(Text(f"{got.path}: {got.rows:,} rows, {got.years[0]}-{got.years[-1]}, "
                              f"industries {', '.join(got.industries)}"))


@projects_app.command("add")
def projects_add(
    files: Annotated[list[Path] | None, typer.Argument(help="project YAML files")] = None,
    from_csv: Annotated[Path | None, typer.Option(help="a CSV table of projects")] = None,
    db: DbOption = None, author: AuthorOption = None,
) -> None:
    """Add projects from YAML files or a CSV table: all of them or, on any error, none."""
    with _answers():
        from corridor.projects import read

        paths = [*(files or []), *([from_csv] if from_csv else [])]
        if not paths:
            raise InputError("projects add: give project YAML files or --from-csv FILE")
        batch = [p for path in paths for p in read(path)]
        added = _registry(db).write(batch, _author(author))
        _console().print(Text(f"added {len(added)}: {', '.join(r.id for r in added)}"))


@projects_app.command("list")
def projects_list(
    status: Annotated[list[str] | None, typer.Option(help="repeatable")] = None,
    type: Annotated[list[str] | None, typer.Option("--type", help="repeatable")] = None,
    country: Annotated[list[str] | None, typer.Option(help="repeatable")] = None,
    removed: Annotated[bool, typer.Option(help="include removed projects")] = False,
    db: DbOption = None,
) -> None:
    """The registry's projects, filtered by status, type and country."""
    with _answers():
        from corridor.views.projects import print_list

        print_list(_registry(db).list(status, type, country, removed), _console())


@projects_app.command("show")
def projects_show(project_id: ProjectId, db: DbOption = None) -> None:
    """Every field of one project."""
    with _answers():
        from corridor.views.projects import print_project

        print_project(_registry(db).get(project_id, removed=True), _console())


@projects_app.command("edit")
def projects_edit(
    project_id: ProjectId,
    file: Annotated[Path | None, typer.Argument(help="YAML mapping of the fields to change")
                    ] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="FIELD=VALUE (VALUE read as YAML); repeatable")] = None,
    expected_version: Annotated[int | None, typer.Option(
        "--version", help="refuse if the project is no longer at this version")] = None,
    db: DbOption = None, author: AuthorOption = None,
) -> None:
    """Change fields of a project: a YAML file of them, or --set capacity=50000."""
    with _answers():
        from corridor.config.yamlfile import loads, read_yaml

        fields = read_yaml(file, str(file)) if file else {}
        for item in set_ or []:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise InputError(f"--set {item!r}: expected FIELD=VALUE")
            fields[name.strip()] = loads(value, f"--set {name.strip()}") if value else None
        if not fields:
            raise InputError("projects edit: give a YAML file of fields or --set FIELD=VALUE")
        r = _registry(db).edit(project_id, fields, _author(author), expected_version)
        _console().print(Text(f"{r.id}: version {r.version}"))


@projects_app.command("set-status")
def projects_set_status(
    project_id: ProjectId,
    status: Annotated[str, typer.Argument(help="proposed, under assessment, recommended, "
                                                "rejected or withdrawn")],
    db: DbOption = None, author: AuthorOption = None,
) -> None:
    """Move a project along the committee's process."""
    with _answers():
        r = _registry(db).set_status(project_id, status, _author(author))
        _console().print(Text(f"{r.id}: {r.status} (version {r.version})"))


@projects_app.command("remove")
def projects_remove(project_id: ProjectId, db: DbOption = None,
                    author: AuthorOption = None) -> None:
    """Remove a project (it stays in the database with its history)."""
    with _answers():
        r = _registry(db).remove(project_id, _author(author))
        _console().print(Text(f"{r.id}: removed (version {r.version})"))


@projects_app.command("history")
def projects_history(project_id: ProjectId, db: DbOption = None) -> None:
    """Every change of a project: who, when, what, and the values before."""
    with _answers():
        from corridor.views.projects import print_history

        print_history(project_id, _registry(db).history(project_id), _console())


@projects_app.command("export")
def projects_export(
    out: Annotated[Path, typer.Option(help="a .yaml or .csv file")],
    status: Annotated[list[str] | None, typer.Option(help="repeatable")] = None,
    db: DbOption = None,
) -> None:
    """Write the registry's projects (not removed) to a YAML or CSV file."""
    with _answers():
        from corridor.projects import dump

        records = _registry(db).list(status)
        dump([r.project for r in records], out)
        _console().print(Text(f"{out}: {len(records)} projects"))


@projects_app.command("assess")
def projects_assess(
    project_ids: Annotated[list[str] | None, typer.Argument(
        help="project ids: one, or several assessed together as a portfolio")] = None,
    status: Annotated[list[str] | None, typer.Option(
        help="assess every project with this status as one portfolio; repeatable")] = None,
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="built-in name or YAML file")] = "STEPS",
    db: DbOption = None, data: DataOption = None,
) -> None:
    """Run SCENARIO without and with the projects among its plants: what they need, what
    the corridor covers, what they change, what they cost and employ."""
    with _answers(), warnings.catch_warnings():
        from corridor.assessment import assess
        from corridor.data import Data
        from corridor.views.projects import print_assessment

        warnings.simplefilter("ignore", CorridorWarning)
        registry = _registry(db)
        records = [registry.get(i) for i in project_ids or []]
        records += registry.list(status) if status else []
        if not records:
            raise InputError("projects assess: give project ids or --status")
        print_assessment(assess([r.project for r in records], scenario, Data(data)),
                         _console())


@projects_app.command("rank")
def projects_rank(
    project_ids: Annotated[list[str] | None, typer.Argument(
        help="project ids (default: every project proposed or under assessment)")] = None,
    weights: Annotated[Path | None, typer.Option(
        help="YAML file of criterion: weight (default: corridor's stated weights)")] = None,
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="built-in name or YAML file")] = "STEPS",
    year: Annotated[int, typer.Option(min=2025, max=2050, help="year of the criteria")] = 2035,
    db: DbOption = None, data: DataOption = None,
) -> None:
    """Rank projects over coverage, gaps, risk, jobs, costs and time (TOPSIS), with how far
    each weight can move before the order changes and the set's combined effect."""
    with _answers(), warnings.catch_warnings():
        from corridor.data import Data
        from corridor.ranking import load_weights, rank
        from corridor.views.projects import print_ranking

        warnings.simplefilter("ignore", CorridorWarning)
        registry = _registry(db)
        records = ([registry.get(i) for i in project_ids] if project_ids else
                   registry.list(["proposed", "under assessment"]))
        chosen = load_weights(weights) if weights else None
        print_ranking(rank([r.project for r in records], chosen, scenario, year, Data(data)),
                      _console())


@projects_app.command("import")
def projects_import(
    file: Annotated[Path, typer.Argument(help="a YAML or CSV file of projects")],
    db: DbOption = None, author: AuthorOption = None,
) -> None:
    """Add the file's new projects and edit those already in the registry to match it, in
    one transaction."""
    with _answers():
        from corridor.projects import read

        done = _registry(db).write(read(file), _author(author), replace=True)
        _console().print(Text(f"imported {len(done)}: " + ", ".join(
            f"{r.id} (version {r.version})" for r in done)))


@app.command()
def report(
    project: Annotated[str | None, typer.Option(help="project id: a note on one project")
                       ] = None,
    portfolio: Annotated[list[str] | None, typer.Option(
        help="project id of a portfolio (one country); repeatable")] = None,
    out: Annotated[Path, typer.Option(help="folder of the HTML and PDF")] = Path("reports"),
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="built-in name or YAML file")] = "STEPS",
    db: DbOption = None, data: DataOption = None,
) -> None:
    """A briefing note (HTML and PDF) on a project, ranked among the registry's open
    proposals, or on a portfolio."""
    with _answers(), warnings.catch_warnings():
        from corridor.data import Data
        from corridor.reports import briefing, write

        warnings.simplefilter("ignore", CorridorWarning)
        if bool(project) == bool(portfolio):
            raise InputError("report: give --project ID or --portfolio ID ... (one of them)")
        registry = _registry(db)
        ids = [project] if project else list(dict.fromkeys(portfolio))
        chosen = [registry.get(i).project for i in ids]
        among = [r.project for r in registry.list(["proposed", "under assessment"])]
        note = briefing(chosen, scenario, Data(data), among=among if project else ())
        name = project or "portfolio-" + "-".join(ids)[:120]
        paths = write(note, out, name)
        _console().print(Text(f"wrote {paths[0]} and {paths[1]} ({note.pages()} pages)"))


users_app = typer.Typer(no_args_is_help=True, help="Users who may write through the web "
                        "app.")
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(name: Annotated[str, typer.Argument(help="the user's name")],
              db: DbOption = None) -> None:
    """Add a user and print their token once (only its hash is stored)."""
    with _answers():
        token = _registry(db).add_user(name)
        _console().print(Text(f"token for {name} (shown once; send it as Authorization: "
                              f"Bearer TOKEN): {token}"))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="server processes (each "
                                         "keeps its own cache)")] = 1,
    db: DbOption = None,
) -> None:
    """The web app: pages and an HTTP API (docs at /docs) over corridor and the registry."""
    with _answers():
        from corridor.web import serve as run_server

        if host not in ("127.0.0.1", "localhost", "::1"):
            err_console.print(Text(f"warning: listening on {host}: anyone who reaches it can "
                                   "read; writes need a token (corridor users add NAME)",
                                   style="yellow"))
        _console().print(Text(f"corridor web app on http://{host}:{port}/ (Ctrl-C stops)"))
        run_server(host, port, db, workers)


trade_app = typer.Typer(no_args_is_help=True, help="Trade along the chain: exposure, "
                        "complementarity and tariff shocks (CEPII BACI flows).")
app.add_typer(trade_app, name="trade")


@trade_app.command("exposure")
def trade_exposure(
    country: Annotated[str, typer.Option("--country", "-c", help="CA, KR, US, ... or a name")
                       ] = "CA",
    product: Annotated[list[str] | None, typer.Option(
        "--product", "-p", help="HS-6 code or product name; repeatable; default: all")] = None,
    year: Annotated[int | None, typer.Option(help="last year shown (default: the latest)")
                    ] = None,
    watch: Annotated[str, typer.Option(help="partner whose share of exports is shown")
                     ] = "US",
    data: DataOption = None,
) -> None:
    """Where a country's chain exports go and where its imports come from: partner shares,
    concentration (HHI), China dependence and import reliance, the first year beside."""
    with _answers():
        import corridor.trade as trade
        from corridor.data import Data
        from corridor.views.trade import print_exposure

        flows = trade.load_flows(Data(data))
        code, partner = trade.country(flows, country), trade.country(flows, watch)
        e = trade.exposure([code], product, data=Data(data) if data else None)
        if year is not None:
            e = e.sel(year=[int(e.year.min()), trade.year_in(flows, year)])
        print_exposure(e.sel(country=code).assign(import_reliance=e.import_reliance),
                       code, _console(), partner)


@trade_app.command("complementarity")
def trade_complementarity(
    exporter: Annotated[str, typer.Argument(help="exporting country, e.g. CA")],
    importer: Annotated[str, typer.Argument(help="importing country, e.g. KR")],
    data: DataOption = None,
) -> None:
    """How much of IMPORTER's imports EXPORTER could supply from its exports, the gap to
    today's flows, and the trade complementarity index."""
    with _answers():
        import corridor.trade as trade
        from corridor.data import Data
        from corridor.views.trade import print_complementarity

        print_complementarity(trade.complementarity(exporter, importer, data=Data(data)),
                              _console())


@trade_app.command("shock")
def trade_shock(
    scenario: Annotated[str | None, typer.Argument(
        help="tariff scenario: a built-in name or a YAML file")] = None,
    list_builtin: Annotated[bool, typer.Option("--list", help="list the built-in scenarios")
                            ] = False,
    model: Annotated[TariffModel, typer.Option(
        help="gsim: every market at once; smart: each imposing market alone")
                     ] = TariffModel.gsim,
    data: DataOption = None,
) -> None:
    """A tariff scenario's effect on trade (lost, diverted, rerouted) and welfare."""
    with _answers():
        import corridor.trade as trade
        from corridor.data import Data

        if list_builtin or scenario is None:
            for name in trade.builtin_tariffs():
                _console().print(Text(f"{name}: {trade.load_tariffs(name).name}"))
            return
        from corridor.views.trade import print_shock

        print_shock(trade.shock(scenario, Data(data), model.value), _console())
