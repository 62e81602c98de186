"""Where the snapshots a user imports or fetches are written: a writable folder outside the package.

The package's own folder holds only what it ships, and may be read-only (an installed package, a container
image). Snapshots added by ``import-control``, ``fetch-control`` or the operator's fetch go to the user data
folder instead, read from the environment when the edges (the command line, the dashboard) build the default
dataset; domain code never reads it.

``CLAIMS_MAP_DATA_DIR``
    The folder, if set. On a server, ``/var/lib/claims-map`` (:data:`SERVER_DATA_DIR`), owned by the service's
    user.
otherwise
    ``$XDG_DATA_HOME/claims-map`` when ``XDG_DATA_HOME`` is an absolute path, else ``~/.local/share/claims-map``
    (the XDG base directory rules).

Snapshots live in ``<folder>/control/<YYYY-MM-DD>.geojson`` with their ``.provenance.json``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: The environment variable naming the user data folder.
DATA_DIR_VARIABLE = "CLAIMS_MAP_DATA_DIR"
#: The folder's name under ``$XDG_DATA_HOME`` or ``~/.local/share``.
APP_DIR_NAME = "claims-map"
#: The folder documented for a server (set ``CLAIMS_MAP_DATA_DIR`` to it).
SERVER_DATA_DIR = Path("/var/lib/claims-map")
#: The control snapshots' folder inside the user data folder.
CONTROL_SUBDIR = "control"


@dataclass(frozen=True)
class Settings:
    """The settings read from the environment.

    Attributes
    ----------
    data_dir : Path
        The user data folder (absolute); it need not exist yet.
    from_variable : bool
        True where ``CLAIMS_MAP_DATA_DIR`` chose it.
    """

    data_dir: Path
    from_variable: bool = False

    @property
    def control_dir(self) -> Path:
        """Where imported and fetched snapshots are written: ``<data_dir>/control``."""
        return self.data_dir / CONTROL_SUBDIR


def read_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from an environment.

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment; :data:`os.environ` when omitted.

    Returns
    -------
    Settings
        ``data_dir`` from ``CLAIMS_MAP_DATA_DIR`` (``~`` expanded, made absolute), else
        ``$XDG_DATA_HOME/claims-map`` (only an absolute ``XDG_DATA_HOME`` counts, as the XDG rules say),
        else ``$HOME/.local/share/claims-map``.
    """
    env = os.environ if environ is None else environ
    chosen = env.get(DATA_DIR_VARIABLE, "").strip()
    if chosen:
        return Settings(data_dir=Path(chosen).expanduser().absolute(), from_variable=True)
    xdg = env.get("XDG_DATA_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Settings(data_dir=Path(xdg) / APP_DIR_NAME)
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return Settings(data_dir=home / ".local" / "share" / APP_DIR_NAME)
