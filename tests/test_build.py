"""The deterministic build: checksums of committed files, and a byte-for-byte rebuild."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from geodata import paths
from geodata.build import SOURCE, sha256_file
from geodata.cli import main


def test_committed_outputs_match_provenance():
    provenance = json.loads(paths.PROVENANCE_PATH.read_text(encoding="utf-8"))
    assert provenance["source"]["sha256"] == SOURCE["sha256"]
    assert provenance["source"]["edition"].startswith("v4.1.0")
    assert provenance["source"]["licence"]
    assert {"geopandas", "shapely", "geos", "pyproj", "pyogrio", "gdal"} <= set(provenance["libraries"])
    for relative, digest in provenance["outputs"].items():
        assert sha256_file(paths.DATA_DIR / relative) == digest, relative
    for relative, digest in provenance["inputs"].items():
        assert sha256_file(paths.DATA_DIR / relative) == digest, relative
    # Every derived file is listed: a file written by hand would not be.
    derived = {"regions.geojson"} | {
        str(p.relative_to(paths.DATA_DIR)) for d in ("context", "control") for p in (paths.DATA_DIR / d).glob("*.geojson")
    }
    assert derived <= set(provenance["outputs"])


def test_rebuild_reproduces_every_file(source_path, tmp_path):
    # Build a copy of the package so the committed files stay untouched, then compare bytes. A subprocess, since
    # only `python -m geodata` run in the copy's folder imports the copy, its paths and all.
    shutil.copytree(paths.PACKAGE_DIR, tmp_path / "geodata", ignore=shutil.ignore_patterns("__pycache__"))
    package = tmp_path / "geodata" / "data"
    outputs = ["regions.geojson", "PROVENANCE.json"] + list(json.loads(paths.PROVENANCE_PATH.read_text())["outputs"])
    for relative in outputs:
        (package / relative).unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "build", "--source", str(source_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for relative in set(outputs):
        assert (package / relative).read_bytes() == (paths.DATA_DIR / relative).read_bytes(), relative


def test_build_refuses_another_edition(tmp_path, capsys):
    fake = tmp_path / "world_map.gpkg"
    fake.write_bytes(b"not natural earth")
    status = main(["build", "--source", str(fake)])
    stderr = capsys.readouterr().err
    assert status == 2
    assert "not the pinned edition" in stderr
    assert "Traceback" not in stderr
