"""Bad scenario files: ``run`` and ``validate`` refuse each with the same one line naming
the file, the field and the problem, and write nothing."""

from __future__ import annotations

import pytest
from contract import app, refused, runner

LIFE = "lifetimes:\n  Cars: {distribution: %s}\n"
CHEM = "batteries:\n  chemistry:\n    Electric Vehicles:\n      Canada: {2030: %s}\n"
SHARE = "ev_sales:\n  pathways:\n    Canada:\n      Cars: {share: {2030: %s}}\n"

# (case id, file text, what the message must contain)
CASES = [
    # unknown keys, at every level
    ("unknown top key", "bogus: 1\n", "bogus: unknown key"),
    ("unknown nested key", "recycling:\n  colection_rate: {2030: 0.5}\n",
     "recycling.colection_rate: unknown key"),
    ("unknown deep key", SHARE.replace("share", "shares") % "0.5",
     "ev_sales.pathways.Canada.Cars.shares: unknown key"),
    ("unknown lifetime key", LIFE % "normal, mean: 15, sd: 4, median: 3",
     "lifetimes.Cars.median: unknown key"),
    ("unknown supply key", "supply: {ramp: 3}\n", "supply.ramp: unknown key"),
    ("unknown uncertainty key", "uncertainty: {draws: 5}\n", "uncertainty.draws: unknown key"),
    ("unknown region", "ev_sales:\n  pathways:\n    Mars: {Cars: {growth: 0.1}}\n",
     "ev_sales.pathways.Mars.[key]: Input should be"),
    ("unknown mode", "ev_sales:\n  pathways:\n    Canada: {Boats: {growth: 0.1}}\n",
     "ev_sales.pathways.Canada.Boats.[key]: Input should be"),
    ("unknown chemistry", CHEM % "{LFP: 0.5, NMC999: 0.5}",
     "NMC999.[key]: Input should be"),
    ("unknown application", "batteries:\n  chemistry:\n    Ships: {}\n",
     "batteries.chemistry.Ships.[key]: Input should be"),
    ("unknown mineral", "recycling:\n  recovery_rate:\n    Gold: {2030: 0.5}\n",
     "recycling.recovery_rate.Gold.[key]: Input should be"),
    ("unknown status", "supply:\n  realisation: {rumoured: 0.1}\n",
     "supply.realisation.rumoured.[key]: Input should be"),
    ("unknown stage", "supply:\n  utilisation: {smelting: 0.5}\n",
     "supply.utilisation.smelting.[key]: Input should be"),
    ("unknown segment", "ev_sales:\n  stock_targets:\n    Canada: {Cars|Diesel: {2035: 1e6}}\n",
     "Cars|Diesel.[key]: Input should be"),
    ("unknown storage scenario", "storage: {scenario: SDS}\n",
     "storage.scenario: Input should be 'STEPS', 'APS' or 'NZE', got 'SDS'"),
    ("unknown iea scenario", "ev_sales: {iea_scenario: NZE}\n",
     "ev_sales.iea_scenario: Input should be 'STEPS' or 'APS', got 'NZE'"),
    ("unknown distribution", LIFE % "gamma, mean: 15", "lifetimes.Cars.distribution"),
    ("unknown base", "base: BAU\n", "base: unknown scenario 'BAU'"),
    ("base of a file", "base: other.yaml\n", "base: unknown scenario 'other.yaml'"),
    ("unknown recovery case", "recycling: {recovery_case: Mars standard}\n",
     "recycling.recovery_case: no recovery case 'Mars standard' in "),
    ("unknown scrap recovery case", "recycling: {scrap_recovery_case: none}\n",
     "recycling.scrap_recovery_case: no recovery case 'none'"),
    ("a number of 5000 digits", "supply: {ramp_years: " + "9" * 5000 + "}\n",
     "supply.ramp_years (line 1, column 22): a number of 5,000 digits"),
    ("year twice, as number and text", "recycling:\n  collection_rate: {2030: 0.6, '2030': 0.9}\n",
     "year 2030 is given twice (as 2030 and '2030')"),
    ("replace as text", "recycling:\n  collection_rate: {2030: 0.6, replace: 'true'}\n",
     "recycling.collection_rate.replace: Input should be a valid boolean, got 'true'"),
    ("replace as yes", "recycling:\n  collection_rate: {2030: 0.6, replace: yes}\n",
     "got 'yes'"),
    ("flags and no years", "recycling:\n  collection_rate: {replace: true, history: true}\n",
     "recycling.collection_rate: give at least one year"),
    ("unknown restart id", "supply: {restart: [CA-999]}\n",
     "supply.restart: unknown facility id 'CA-999'"),
    ("restart of an operating plant", "supply: {restart: [KR-001]}\n",
     "supply.restart: KR-001 is operating, not paused or cancelled"),
    # wrong types
    ("text for number", "ev_sales: {market_growth: fast}\n",
     "ev_sales.market_growth: Input should be a valid number, got 'fast'"),
    ("quoted number", "ev_sales: {market_growth: '0.01'}\n",
     "ev_sales.market_growth: Input should be a valid number, got '0.01'"),
    ("list for mapping", "recycling:\n  collection_rate: [0.5, 0.9]\n",
     "recycling.collection_rate: give values by year, such as {2030: [0.5, 0.9]}"),
    ("number for a series", "supply: {natural_graphite_share: 0.5}\n",  # not the type's name
     "supply.natural_graphite_share: give values by year, such as {2030: 0.5}, got 0.5"),
    ("mapping for number", "supply: {ramp_years: {a: 1}}\n", "supply.ramp_years"),
    ("number for mapping", "ev_sales: 3\n", "ev_sales: Input should be"),
    ("text for mapping", "batteries: LFP\n", "batteries: Input should be"),
    ("null for mapping", "recycling:\n  collection_rate:\n", "recycling.collection_rate"),
    ("list for text", "name: [a, b]\n", "name: Input should be a valid string"),
    ("number for name", "name: 12\n", "name: Input should be a valid string, got 12"),
    ("float for year int", "supply: {ramp_years: 2.5}\n",
     "supply.ramp_years: Input should be a valid integer, got 2.5"),
    ("text restart list", "supply: {restart: CA-015}\n", "supply.restart"),
    ("number restart id", "supply: {restart: [15]}\n", "supply.restart.0"),
    ("year as text key", "recycling:\n  collection_rate: {'20x0': 0.5}\n",
     "recycling.collection_rate.20x0.[key]"),
    ("year as float key", "recycling:\n  collection_rate: {2030.5: 0.5}\n",
     "recycling.collection_rate.2030.5.[key]: Input should be a valid integer"),
    ("tuple of three", "uncertainty: {scrap_range: [0.5, 1, 1.5]}\n",
     "uncertainty.scrap_range"),
    ("tuple of one", "uncertainty: {collection_range: [0.5]}\n",
     "uncertainty.collection_range"),
    # YAML 1.1 booleans and other non-numbers used as numbers
    ("yes as share", SHARE % "yes", "got 'yes'"),
    ("on as share", SHARE % "on", "got 'on'"),
    ("true as share", SHARE % "true", "Input should be a valid number, got True"),
    ("false as growth", "ev_sales: {market_growth: false}\n", "got False"),
    ("true as year key", "recycling:\n  collection_rate: {true: 0.5}\n",
     "recycling.collection_rate.1.[key]: Input should be a valid integer, got True"),
    ("true as int", "supply: {ramp_years: true}\n",
     "supply.ramp_years: Input should be a valid integer, got True"),
    ("sexagesimal", "supply: {ramp_years: 1:30}\n", "got '1:30'"),
    ("date as share", SHARE % "2030-01-01", "got '2030-01-01'"),
    ("null as share", SHARE % "null", "Input should be a valid number"),
    ("inf share", SHARE % ".inf", "Input should be a finite number, got inf"),
    ("negative inf", "ev_sales: {market_growth: -.inf}\n", "finite number, got -inf"),
    ("nan share", SHARE % ".nan", "Input should be a finite number, got nan"),
    ("nan lifetime", LIFE % "normal, mean: .nan, sd: 4", "lifetimes.Cars.mean"),
    ("inf pack size", "batteries:\n  pack_size:\n    Canada: {Cars|BEV: {2030: .inf}}\n",
     "finite number, got inf"),
    ("inf stock target", "ev_sales:\n  stock_targets:\n    Canada: {Cars|BEV: {2035: .inf}}\n",
     "finite number, got inf"),
    # impossible and absurd values
    ("share above one", SHARE % "1.5", "Input should be less than or equal to 1, got 1.5"),
    ("negative share", SHARE % "-0.1", "greater than or equal to 0, got -0.1"),
    ("share 1e300", SHARE % "1e300", "got 1e+300"),
    ("pack growth 1e6", "batteries: {pack_growth: {Cars: 1e6}}\n",
     "batteries.pack_growth.Cars: Input should be less than or equal to 0.5, got 1000000.0"),
    ("pack growth -1", "batteries: {pack_growth: {Cars: -1}}\n", "greater than or equal to -0.5"),
    ("pack size 1e300", "batteries:\n  pack_size:\n    Canada: {Cars|BEV: {2030: 1e300}}\n",
     "less than or equal to 2000, got 1e+300"),
    ("pack size zero", "batteries:\n  pack_size:\n    Canada: {Cars|BEV: {2030: 0}}\n",
     "greater than 0, got 0"),
    ("stock target 1e30", "ev_sales:\n  stock_targets:\n    Canada: {Cars|BEV: {2035: 1e30}}\n",
     "less than or equal to 10000000000, got 1e+30"),
    ("negative stock", "ev_sales:\n  stock_targets:\n    Canada: {Cars|BEV: {2035: -5}}\n",
     "greater than or equal to 0, got -5"),
    ("storage 1e12", "storage:\n  anchors:\n    Canada: {2030: 1e12}\n",
     "less than or equal to 100000, got 1000000000000.0"),
    ("negative lifetime", LIFE % "normal, mean: -3, sd: 1", "greater than 0, got -3"),
    ("lifetime 1e6", LIFE % "normal, mean: 1e6, sd: 1", "less than or equal to 100"),
    ("zero sd", LIFE % "normal, mean: 15, sd: 0", "lifetimes.Cars.sd"),
    ("market growth 5", "ev_sales: {market_growth: 5}\n", "less than or equal to 0.1, got 5"),
    ("growth 100%", "ev_sales:\n  pathways:\n    Canada: {Cars: {growth: 2}}\n",
     "less than or equal to 1, got 2"),
    ("saturation 2", "ev_sales: {saturation: 2}\n", "ev_sales.saturation"),
    ("ramp years 100", "supply: {ramp_years: 100}\n", "less than or equal to 10, got 100"),
    ("negative ramp", "supply: {ramp_years: -1}\n", "greater than or equal to 0, got -1"),
    ("restart year 3000", "supply: {restart_year: 3000}\n", "supply.restart_year"),
    ("realisation 2", "supply:\n  realisation: {announced: 2}\n", "supply.realisation.announced"),
    ("utilisation -1", "supply:\n  utilisation: {cathode: -1}\n", "supply.utilisation.cathode"),
    ("scrap rate 1", "recycling:\n  scrap_rate: {2030: 1.0}\n", "less than 1, got 1.0"),
    ("collection above one", "recycling:\n  collection_rate: {2030: 1.2}\n", "got 1.2"),
    ("recovery above one", "recycling:\n  recovery_rate:\n    Lithium: {2030: 1.01}\n",
     "got 1.01"),
    ("second life 40 years", "recycling:\n  second_life: {share: 0.5, years: 40}\n",
     "recycling.second_life.years"),
    ("replacement age 0", "recycling:\n  replacement: {share: 0.1, age: 0}\n",
     "recycling.replacement.age"),
    ("cv above limit", "uncertainty: {lifetime_cv: 3}\n", "uncertainty.lifetime_cv"),
    ("reversed range", "uncertainty: {scrap_range: [1.5, 0.5]}\n",
     "scrap_range: low 1.5 above high 0.5"),
    ("range above three", "uncertainty: {scrap_range: [0.5, 9]}\n", "uncertainty.scrap_range.1"),
    ("year 2070", "recycling:\n  collection_rate: {2070: 0.5}\n",
     "recycling.collection_rate.2070.[key]: Input should be less than or equal to 2050"),
    ("year 1900", "recycling:\n  collection_rate: {1900: 0.5}\n",
     "greater than or equal to 2010"),
    ("history year", SHARE.replace("2030", "2020") % "0.5", "2020 is a history year"),
    # rules between fields
    ("chemistry not summing", CHEM % "{LFP: 0.5, NMC811: 0.4}", "must sum to 1, not 0.9"),
    ("split not summing", "ev_sales:\n  pathways:\n    Canada:\n      Cars:\n"
     "        split: {2030: {BEV: 0.9, PHEV: 0.3}}\n", "split 2030 must sum to 1, not 1.2"),
    ("share and growth", "ev_sales:\n  pathways:\n    Canada:\n"
     "      Cars: {share: {2030: 0.5}, growth: 0.1}\n",
     "give one of share, growth and sales, not share and growth"),
    ("normal without sd", LIFE % "normal, mean: 15", "normal lifetime needs sd"),
    ("weibull with mean", LIFE % "weibull, shape: 2, scale: 15, mean: 3",
     "weibull lifetime takes no mean"),
    ("fixed without mean", LIFE % "fixed", "fixed lifetime needs mean"),
    ("empty anchors", "recycling:\n  collection_rate: {}\n", "collection_rate"),
    ("target before history", "ev_sales:\n  stock_targets:\n    Canada: {Cars|BEV: {2020: 5e5}}\n",
     "target year 2020 is not after the last history year 2024"),
    # names that would become files or markup
    ("empty name", "name: ''\n", "name: String should have at least 1 character"),
    ("long name", "name: " + "x" * 300 + "\n", "name: String should have at most 200"),
    ("newline in name", 'name: "a\\nb"\n', "name: String should match pattern"),
    ("escape in name", 'name: "a\\x1b[31mred"\n', "name: String should match pattern"),
    ("long description", "description: " + "x" * 3000 + "\n", "description: String should"),
    # the file itself
    ("empty file", "", "file is empty"),
    ("only a comment", "# nothing\n", "file is empty"),
    ("list at top", "- a\n- b\n", "expected a mapping of settings, got list"),
    ("scalar at top", "STEPS\n", "expected a mapping of settings, got str"),
    ("number at top", "42\n", "expected a mapping of settings, got int"),
    ("unclosed bracket", "name: [unclosed\n", "(line 2, column 1): not valid YAML"),
    ("bad indentation", "recycling:\n  a: 1\n b: 2\n", "not valid YAML"),
    ("tab indentation", "recycling:\n\tcollection_rate: {2030: 0.5}\n",
     "recycling (line 2, column 1): not valid YAML"),
    ("duplicate base", "base: STEPS\nbase: APS\n", "base (line 2, column 1): duplicate key 'base'"),
    ("duplicate nested key", "recycling:\n  scrap_rate: {2030: 0.1}\n  scrap_rate: {2030: 0.2}\n",
     "recycling.scrap_rate (line 3, column 3): duplicate key 'scrap_rate'"),
    ("duplicate year", "recycling:\n  collection_rate: {2030: 0.5, 2030: 0.6}\n",
     "duplicate key 2030"),
    ("alias", "a: &x {2030: 0.5}\nrecycling: {collection_rate: *x}\n",
     "a (line 1, column 4): anchors and aliases (&name, *name) are not allowed"),
    ("merge key", "recycling:\n  <<: {scrap_rate: {2030: 0.1}}\n", "recycling.<<: unknown key"),
    ("custom tag", "name: !!python/object:os.system ls\n", "not valid YAML"),
    ("binary tag", "name: !!binary aGVsbG8=\n", "name (line 1, column 7): not valid YAML "
     "(could not determine a constructor for the tag 'tag:yaml.org,2002:binary')"),
    ("set tag", "supply: {restart: !!set {CA-015}}\n", "supply.restart (line 1, column 19): "
     "not valid YAML"),
    ("complex key", "? [a, b]\n: 1\n", "not valid YAML (found unhashable key)"),
    ("two documents", "name: a\n---\nname: b\n", "not valid YAML"),
    ("deep nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML"),
    ("nesting beyond the limit", "a:" + "".join(f"\n{'  ' * i}k{i}:" for i in range(1, 15))
     + " 1\n", "nested more than 12 levels deep"),
    # clean-energy technologies: names are the data's, checked when the scenario runs
    ("unknown technology", "base: STEPS\nclean_energy:\n  capacity:\n    Solar: "
     "{Canada: {2030: 1}}\n", "clean_energy.capacity: unknown technology 'Solar' (choose "
     "from Solar PV,"),
    ("unknown design", "base: STEPS\nclean_energy:\n  mix:\n    Solar PV: {2030: {Perovskite:"
     " 1}}\n", "clean_energy.mix.Solar PV: unknown design 'Perovskite'"),
    ("design shares", "base: STEPS\nclean_energy:\n  mix:\n    Solar PV: {2030: {CdTe: 0.5}}"
     "\n", "clean_energy: mix Solar PV 2030 must sum to 1, not 0.5"),
    ("negative capacity", "base: STEPS\nclean_energy:\n  capacity:\n    Nuclear: {Canada: "
     "{2030: -1}}\n", "clean_energy.capacity.Nuclear.Canada.2030: Input should be greater "
     "than or equal to 0, got -1"),
    ("unknown pathway", "base: STEPS\nclean_energy: {pathway: SDS}\n",
     "clean_energy.pathway"),
    ("many unknown keys", "".join(f"key{i}: {i}\n" for i in range(16_000)),
     "key0: unknown key; key1: unknown key; key2: unknown key; and 15,997 more problems"),
    ("many unknown keys with a base", "base: STEPS\nev_sales:\n" + "".join(
        f"  k{i}: {i}\n" for i in range(16_000)), "ev_sales.k0: unknown key; ev_sales.k1: "
     "unknown key; ev_sales.k2: unknown key; and 15,997 more problems"),
]

BYTES = [
    ("not utf-8", b"name: caf\xe9\n", "line 1: not UTF-8 text (byte 0xe9)"),
    ("nul byte", b"name: a\x00b\n", "line 1: contains a NUL byte"),
    ("utf-16", "name: x\n".encode("utf-16"), "not UTF-8 text"),
    ("over the limit", b"# " + b"x" * 250_000 + b"\nname: x\n",
     "file is 250,011 bytes; the limit is 250,000"),
]


def _both(path, tmp_path) -> str:
    out = tmp_path / "out"
    message = refused(["run", "-s", path, "--out", out, "--no-figures"])
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert refused(["validate", path]) == message  # exactly as strict as run
    assert message.startswith(f"{path}: ")
    return message


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_scenario_file(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert expected in _both(path, tmp_path)


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in BYTES], ids=[c[0] for c in BYTES])
def test_bad_bytes(tmp_path, raw, expected):
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    assert expected in _both(path, tmp_path)


def test_billion_laughs_is_refused_before_it_expands(tmp_path):
    """589 bytes whose aliases would expand to a billion strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(path.read_bytes()) < 600
    message = _both(path, tmp_path)
    assert "anchors and aliases" in message and "lol" not in message


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "missing", "unreadable"])
def test_not_a_scenario_file(tmp_path, kind):
    path = tmp_path / "s.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        import os

        os.mkfifo(path)
    expected = {"folder": "is a folder, not a file", "fifo": "not a regular file",
                "device": "not a regular file", "missing": "file not found",
                "unreadable": "cannot read file (Input/output error)"}[kind]
    if kind == "device":
        path = "/dev/zero"
    elif kind == "unreadable":
        path = "/proc/self/mem"  # a regular file whose read fails
    message = refused(["validate", path])
    assert message == f"{path}: {expected}"
    out = tmp_path / "out"
    assert refused(["run", "-s", path, "--out", out]) == message and not out.exists()


def test_two_files_with_one_name(tmp_path):
    for stem in ("a", "b"):
        (tmp_path / f"{stem}.yaml").write_text("name: Same\n", encoding="utf-8")
    files = [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    message = refused(["validate", *files])
    assert message == (f"scenario names must be unique: {files[0]} and {files[1]} are both "
                       "named 'Same'")
    out = tmp_path / "out"
    assert refused(["run", "-s", files[0], "-s", files[1], "--out", out]) == message
    assert not out.exists()


@pytest.mark.parametrize("name", ["[/red]", "[bold]x[/bold]", "[link=file:///etc]y"])
def test_markup_in_a_name_is_printed_as_written(tmp_path, name):
    path = tmp_path / "m.yaml"
    path.write_text(f"base: STEPS\nname: '{name}'\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"valid scenario {name}" in " ".join(result.output.split())
