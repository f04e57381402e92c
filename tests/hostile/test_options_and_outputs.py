"""Command-line options and the output folder: usage errors on one line, and nothing of
the user's ever deleted, overwritten or written outside ``--out``."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys

import pytest
from contract import app, refused, runner, snapshot


def command(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """The real entry point (``python -m corridor``), as a user meets it."""
    return subprocess.run([sys.executable, "-m", "corridor", *args], capture_output=True,
                          text=True, timeout=120, **kwargs)


@pytest.mark.parametrize(("args", "expected"), [
    (["run", "--draws", "1000000000"],
     "'--draws': Input should be less than or equal to 10000000"),
    (["run", "--draws", "-1"], "'--draws': Input should be greater than or equal to 0"),
    (["run", "--draws", "1e6"], "'--draws': Input should be a valid integer"),
    (["run", "--seed", "-3"], "'--seed': Input should be greater than or equal to 0"),
    (["run", "--lithium-basis", "kg"], "'--lithium-basis': Value error, 'kg' is not one of"),
    (["run", "--bogus"], "No such option: --bogus"),
    (["run", "--out"], "Option '--out' requires an argument"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["validate"], "Missing argument 'files'"),
    (["facilities", "--korean", "maybe"], "Got unexpected extra argument"),
])
def test_usage_errors_are_one_line(tmp_path, args, expected):
    result = command(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0]
    assert "see corridor" in lines[0] and result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("setup", "expected"), [
    ("file", "exists and is not a folder"),
    ("root", "the root folder cannot be an output folder"),
    ("under a file", "cannot write here"),
    ("user files", "folder holds files that are not a corridor output (thesis.docx)"),
    ("added to an output", "folder holds files that are not a corridor output (notes.txt)"),
    ("fake manifest", "folder holds files that are not a corridor output (data.csv, "),
    ("read-only", "cannot write here (Permission denied)"),
    ("facilities is a file", "exists and is not a folder"),
])
def test_an_output_folder_that_cannot_be_used(tmp_path, previous, setup, expected):
    out = tmp_path / "out"
    if setup == "file":
        out.write_text("mine", encoding="utf-8")
    elif setup == "root":
        out = "/"
    elif setup == "under a file":
        (tmp_path / "f").write_text("x", encoding="utf-8")
        out = tmp_path / "f" / "out"
    elif setup == "user files":
        out.mkdir()
        (out / "thesis.docx").write_text("years of work", encoding="utf-8")
    elif setup == "added to an output":
        shutil.copytree(previous, out)
        (out / "notes.txt").write_text("my notes", encoding="utf-8")
    elif setup == "fake manifest":
        out.mkdir()
        (out / "manifest.json").write_text('{"files": []}', encoding="utf-8")
        (out / "data.csv").write_text("1,2", encoding="utf-8")
    elif setup == "read-only":
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders")
        (tmp_path / "ro").mkdir(mode=0o500)
        out = tmp_path / "ro" / "out"
    elif setup == "facilities is a file":
        out = tmp_path / "results.csv"
        out.write_text("a user's csv", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert expected in refused(["run", "-s", "STEPS", "--no-figures", "--out", out])
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_force_replaces_only_corridors_files(tmp_path, previous):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "scenarios" / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "-s", "APS", "--no-figures", "--force", "--out",
                                 str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (out / "scenarios" / "mine.yaml").is_file()
    assert not (out / "scenarios" / "STEPS.yaml").exists()  # the earlier output's own
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "APS" in (out / "results.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_earlier_output_is_replaced_whole(tmp_path, previous):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    result = runner.invoke(app, ["run", "-s", "APS", "--no-figures", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "scenarios").iterdir()) == ["APS.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_run_leaves_the_earlier_output_as_it_was(tmp_path, previous):
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    bad = tmp_path / "bad.yaml"
    bad.write_text("recycling: {collection_rate: {2030: 2}}\n", encoding="utf-8")
    refused(["run", "-s", bad, "--no-figures", "--out", out])
    assert snapshot(out) == before


def _limit_file_size():
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_leaves_the_earlier_output_as_it_was(tmp_path, previous):
    """A file-size limit stands in for a full disk: the write fails part way."""
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    result = command("run", "-s", "STEPS", "--no-figures", "--out", str(out),
                     preexec_fn=_limit_file_size)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "out: cannot write (File too large)" in lines[0]
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_outputs_get_the_users_normal_permissions(tmp_path):
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        result = runner.invoke(app, ["run", "-s", "STEPS", "--no-figures", "--out", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o755
    assert (out / "results.csv").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("name", ["../../escaped", "/etc/passwd", "..", ".", "a/b\\\\c",
                                  "~root", "CON", "-rf", " . ", "名前"])
def test_no_name_a_user_writes_escapes_the_output_folder(tmp_path, name):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "s.yaml"
    path.write_text(f"base: STEPS\nname: {json.dumps(name)}\n", encoding="utf-8")
    out = home / "deep" / "out"
    result = runner.invoke(app, ["run", "-s", str(path), "--no-figures", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {path}
    assert written and all(out in p.parents for p in written)
    assert len(list((out / "scenarios").iterdir())) == 1


def test_a_file_changed_in_an_earlier_output_is_kept(tmp_path, previous):
    """The manifest's hashes tell corridor's files from a user's edit of one."""
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    (out / "results.csv").write_text("my edited table", encoding="utf-8")
    message = refused(["run", "-s", "STEPS", "--no-figures", "--out", out])
    assert "(results.csv, changed since corridor wrote it)" in message
    assert (out / "results.csv").read_text(encoding="utf-8") == "my edited table"


def test_folders_made_for_a_failed_output_are_removed(tmp_path):
    out = tmp_path / "new1" / "new2" / ("x" * 300)
    assert "File name too long" in refused(["run", "-s", "STEPS", "--no-figures", "--out",
                                            out])
    assert list(tmp_path.iterdir()) == []
