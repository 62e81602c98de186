"""The command line as a whole: one line for the user on any failure, the traceback in the log for the operator."""

from __future__ import annotations

import logging

import pytest

import geodata.stats
from geodata.cli import main


def test_an_internal_error_is_one_line_for_the_user_and_a_traceback_in_the_log(capsys, caplog, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr(geodata.stats, "compute_stats", broken)
    with caplog.at_level(logging.ERROR, logger="geodata.cli"):
        status = main(["stats", "--scenario", "status-quo"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert err == ["error: internal error in stats (details in the log above); please report it"]
    record = next(r for r in caplog.records if r.name == "geodata.cli")
    assert record.exc_info and "a bug deep inside" in str(record.exc_info[1])


@pytest.mark.parametrize(
    "args, message",
    [
        (["stats", "--scenario", "status-quo", "--crimea", "dejure"], "dejure"),
        (["render", "--scenario", "status-quo", "--out", "x.png", "--size", "1x1"], "size"),
        (["export", "--scenario", "status-quo", "--out", "x.txt"], "cannot tell the format"),
    ],
)
def test_user_errors_are_one_line_with_exit_status_2(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status = main(args)
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and message in err[0] and err[0].startswith("error: ")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "args, message",
    [
        (["stats"], "the following arguments are required: --scenario"),
        (["statz"], "invalid choice: 'statz'"),
        (["export", "--out", "x.csv"], "the following arguments are required: --scenario"),
        (["stats", "--scenario", "us-2025-04", "--oblast", "UA-65"], "names no status"),
        (["stats", "--scenario", "us-2025-04", "--oblast", "UA-65="], "names no status"),
    ],
)
def test_argument_errors_are_one_line_too(args, message, capsys):
    try:
        status = main(args)
    except SystemExit as exc:  # argparse exits by itself
        status = exc.code
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and message in err[0], err
