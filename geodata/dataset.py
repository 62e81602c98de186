"""One dataset object: it reads the regions, places, assets, control snapshots and scenarios from given
paths, and owns every cache of what is derived from them.

Domain functions are given a dataset (a ``dataset`` argument); only the edges (the command line, the
dashboard's components, the pack builder, the build, the benchmarks) choose one, usually
:func:`default_dataset`, the package's own files. The modules it reads with (:mod:`geodata.regions`,
:mod:`geodata.control`, :mod:`geodata.scenarios`) never import it, so there is no cycle. All caches live
here, are bounded, are keyed on values (shipped and imported snapshots hash on their key, scenarios and
options on their content), and are cleared in one call (:meth:`Dataset.clear`) when the files change (the
build, a fetch). What is cached is shared by every session of the app: treat it as read-only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from geodata import paths
from geodata.control import (
    ControlSnapshot,
    RegionParts,
    read_built_outputs,
    read_snapshot_file,
    snapshot_dates,
    split_regions,
    widen_border,
)
from geodata.errors import SnapshotError
from geodata.regions import read_geojson_frame, union_of_regions
from geodata.scenarios import Scenario, pick_scenario, read_scenario_file, read_scenarios
from geodata.settings import read_settings

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

log = logging.getLogger(__name__)
V = TypeVar("V")

#: Entries kept per derived value (region parts, populations, map shapes …): about one per control date and
#: imported file in use; each holds a few MB of geometry.
DEFAULT_MAX_ENTRIES = 32


@dataclass(frozen=True)
class DataPaths:
    """Where a dataset's files are. All paths absolute or relative to the working directory.

    ``control_dir`` holds the snapshots the package ships (read only); ``user_control_dir``, when given, the
    ones a user imported or fetched (:mod:`geodata.settings` says where), listed beside them.
    """

    regions: Path
    settlements: Path
    assets: Path
    neighbours: Path
    control_dir: Path
    scenarios_dir: Path
    provenance: Path
    user_control_dir: Path | None = None

    @classmethod
    def package(cls, user_control_dir: Path | None = None) -> DataPaths:
        """The files committed in the package (``geodata/``), as :mod:`geodata.paths` names them now.

        Parameters
        ----------
        user_control_dir : Path, optional
            The writable folder of the user's snapshots (:attr:`geodata.settings.Settings.control_dir`).

        Returns
        -------
        DataPaths
        """
        return cls(
            regions=paths.REGIONS_PATH,
            settlements=paths.SETTLEMENTS_PATH,
            assets=paths.ASSETS_PATH,
            neighbours=paths.NEIGHBOURS_PATH,
            control_dir=paths.CONTROL_DIR,
            scenarios_dir=paths.SCENARIOS_DIR,
            provenance=paths.PROVENANCE_PATH,
            user_control_dir=user_control_dir,
        )


class Dataset:
    """The data the map and the numbers are made from, read once and cached with bounds.

    Parameters
    ----------
    data_paths : DataPaths, optional
        Where the files are; by default the package's own, read from :mod:`geodata.paths`
        at each load (so a test may point ``paths.CONTROL_DIR`` elsewhere and call :meth:`clear`).
    user_control_dir : Path, optional
        With the default paths: the folder of the user's snapshots.
    max_entries : int
        How many values each derived computation keeps (least recently used dropped first).
    """

    def __init__(
        self, data_paths: DataPaths | None = None, *, user_control_dir: Path | None = None, max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        self._data_paths = data_paths
        self._user_control_dir = user_control_dir
        self._said_replaced: set[str] = set()  # dates whose replacement by a user's file was logged
        self.max_entries = max_entries
        self._lock = threading.RLock()
        self._memo: dict[str, OrderedDict[tuple[Hashable, ...], Any]] = {}

    @property
    def paths(self) -> DataPaths:
        """Where this dataset reads its files."""
        return self._data_paths or DataPaths.package(user_control_dir=self._user_control_dir)

    # --- The cache ------------------------------------------------------------------------------------

    def memo(self, compute: Callable[..., V], *args: Hashable) -> V:
        """``compute(*args)``, cached on ``compute``'s qualified name and the (hashable) arguments.

        Thread-safe; each function keeps at most :attr:`max_entries` results. The value is computed
        outside the lock, so a slow computation does not hold up other sessions (two sessions may
        then compute the same value once each; both results are equal).

        Parameters
        ----------
        compute : callable
            The function computed (pure: its result depends on its arguments only).
        *args : hashable
            Its arguments, which are also the key.

        Returns
        -------
        V
            What ``compute(*args)`` returns (the cached value, shared: not to be changed).
        """
        name = f"{compute.__module__}.{compute.__qualname__}"
        with self._lock:
            table = self._memo.setdefault(name, OrderedDict())
            if args in table:
                table.move_to_end(args)
                # The table holds what ``compute`` returned for these arguments: a V, stored untyped because one
                # cache serves functions of every return type.
                return cast(V, table[args])
        value = compute(*args)
        with self._lock:
            table = self._memo.setdefault(name, OrderedDict())
            table[args] = value
            table.move_to_end(args)
            while len(table) > self.max_entries:
                table.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything read and derived: the files changed (a build, an import, a fetch)."""
        with self._lock:
            self._memo.clear()
        log.info("dataset caches cleared")

    def forget(self, drop: Callable[[Hashable], bool]) -> int:
        """Forget the cached results of which any argument ``drop`` accepts (e.g. a user's uploaded line, once no
        session can show it any more); the rest stays.

        Parameters
        ----------
        drop : callable
            Given each argument of a cached call; true for those whose results go.

        Returns
        -------
        int
            How many cached results were forgotten.
        """
        with self._lock:
            gone = [(table, args) for table in self._memo.values() for args in table if any(drop(arg) for arg in args)]
            for table, args in gone:
                del table[args]
        return len(gone)

    def cache_sizes(self) -> dict[str, int]:
        """Entries held per cached computation (for the operator and the tests).

        Returns
        -------
        dict of str to int
            The number of entries per function, by its module and qualified name.
        """
        with self._lock:
            return {name: len(table) for name, table in self._memo.items()}

    # --- What it reads ----------------------------------------------------------------------------------

    def regions(self) -> gpd.GeoDataFrame:
        """The 27 regions, indexed by ISO 3166-2 code, in EPSG:4326 (shared: copy before changing it).

        Returns
        -------
        geopandas.GeoDataFrame
            One row per region: names, claim, population and the geometry (``geodata/data/regions.geojson``).
        """
        return self.memo(read_geojson_frame, self.paths.regions)

    def region_ids(self) -> tuple[str, ...]:
        """The regions' ISO 3166-2:UA codes, in the regions file's order.

        Returns
        -------
        tuple of str
            The 27 codes (``UA-…``).
        """
        return tuple(self.regions().index)

    def outline(self) -> BaseGeometry:
        """Ukraine within its 1991 borders: the union of the 27 regions (merged, never drawn).

        Returns
        -------
        BaseGeometry
            The outline in WGS 84 degrees.
        """
        return self.memo(union_of_regions, self.paths.regions)

    def settlements(self) -> gpd.GeoDataFrame:
        """Settlements of 10,000 people or more, plus labelled front-line and strategic places.

        Returns
        -------
        geopandas.GeoDataFrame
            One row per place, in EPSG:4326, with its region, names and population (sources in the file's provenance).
        """
        return self.memo(read_geojson_frame, self.paths.settlements)

    def assets(self) -> gpd.GeoDataFrame:
        """Key assets named in the settlement debate (plants, dams, bridges, ports, deposits).

        Returns
        -------
        geopandas.GeoDataFrame
            One row per asset, in EPSG:4326, with its kind and names.
        """
        return self.memo(read_geojson_frame, self.paths.assets)

    def neighbours(self) -> gpd.GeoDataFrame:
        """Neighbouring countries clipped to the map's extent (context layer).

        Returns
        -------
        geopandas.GeoDataFrame
            One row per country, in EPSG:4326 (Natural Earth, the edition the build pins).
        """
        return self.memo(read_geojson_frame, self.paths.neighbours)

    def built_outputs(self) -> dict[str, str]:
        """The sha256 the build recorded for each file it wrote (``PROVENANCE.json``'s ``outputs``).

        Returns
        -------
        dict of str to str
            Each file's path under ``geodata/data/`` and its SHA-256, hex (empty without a record).
        """
        return self.memo(read_built_outputs, self.paths.provenance)

    def snapshot_dates(self) -> tuple[str, ...]:
        """Dates of every control snapshot, the package's and the user's (imported or fetched), oldest first.

        Returns
        -------
        tuple of str
            The dates, YYYY-MM-DD.
        """
        return tuple(sorted(set(self._dates_in(self.paths.control_dir)) | set(self.user_snapshots())))

    def _dates_in(self, folder: Path) -> tuple[str, ...]:
        # The folder's listing, read again only when the folder changed (a file added, removed or renamed changes its
        # modification time): one stat per call instead of a listing, for the dashboard asks for the dates many times
        # a run.
        # A folder changed in the last two seconds is listed every time: file times are coarse (a clock tick), so two
        # changes within one tick can leave the same time (git's "racily clean" files, the same fix).
        try:
            stamp = folder.stat().st_mtime_ns
        except OSError:
            return snapshot_dates(folder)
        if time.time_ns() - stamp < 2_000_000_000:
            return snapshot_dates(folder)
        return self.memo(_listed_dates, folder, stamp)

    def user_snapshots(self) -> tuple[str, ...]:
        """Dates of the snapshots in the user's folder (none without one), oldest first.

        Returns
        -------
        tuple of str
            The dates, YYYY-MM-DD.
        """
        folder = self.paths.user_control_dir
        return self._dates_in(folder) if folder is not None else ()

    def replaced_snapshots(self) -> tuple[str, ...]:
        """Dates the package ships for which the user's folder holds a file too: the user's file is used.

        Written only with ``--force`` (see :meth:`protected_dates`); every listing marks them.

        Returns
        -------
        tuple of str
            The dates, YYYY-MM-DD, oldest first.
        """
        return tuple(sorted(set(snapshot_dates(self.paths.control_dir)) & set(self.user_snapshots())))

    def protected_dates(self) -> dict[str, str]:
        """The dates a writer refuses without ``force``, each with the reason: the package's snapshots.

        Returns
        -------
        dict of str to str
            ``{date: "a snapshot the package ships (…)"}``.
        """
        reason = f"a snapshot the package ships ({self.paths.control_dir.name}/<date>.geojson)"
        return {d: reason for d in snapshot_dates(self.paths.control_dir)}

    def shipped_snapshots(self) -> tuple[str, ...]:
        """Dates of the snapshots the build wrote (listed in ``PROVENANCE.json``), oldest first: not the ones a
        user imported or an operator fetched, nor a shipped date a user's file replaces.

        Returns
        -------
        tuple of str
            The dates, YYYY-MM-DD.
        """
        built = self.built_outputs()
        replaced = set(self.replaced_snapshots())
        return tuple(d for d in snapshot_dates(self.paths.control_dir) if f"control/{d}.geojson" in built and d not in replaced)

    def latest_snapshot(self) -> str:
        """The date of the newest control snapshot.

        Returns
        -------
        str
            The date, YYYY-MM-DD (a user's snapshot counts).

        Raises
        ------
        geodata.errors.SnapshotError
            When there is none.
        """
        dates = self.snapshot_dates()
        if not dates:
            raise SnapshotError("no control snapshots are shipped")
        return dates[-1]

    def snapshot(self, as_of: str) -> ControlSnapshot:
        """A control snapshot by date: the user's file where there is one, else the package's.

        See :func:`geodata.control.read_snapshot_file`; a user's file is keyed on its content, never as shipped
        (unless it is byte for byte the file the build wrote).

        Parameters
        ----------
        as_of : str
            The snapshot's date, YYYY-MM-DD.

        Returns
        -------
        ControlSnapshot
            The snapshot (cached; shared: not to be changed).

        Raises
        ------
        geodata.errors.SnapshotError
            When there is none of that date (the message lists those there are).
        """
        folder = self.paths.user_control_dir
        if folder is not None and as_of in self.user_snapshots():
            if as_of in self.replaced_snapshots() and as_of not in self._said_replaced:
                self._said_replaced.add(as_of)
                log.warning("control snapshot %s: the user's file in %s replaces the shipped one", as_of, folder)
            return self.memo(read_snapshot_file, folder, as_of, self.paths.provenance)
        if as_of not in self.snapshot_dates():
            raise SnapshotError(f"unknown control snapshot {as_of!r} (known: {', '.join(self.snapshot_dates())})")
        return self.memo(read_snapshot_file, self.paths.control_dir, as_of, self.paths.provenance)

    def border_zone(self) -> BaseGeometry:
        """Ukraine's border and coast, widened: where the control area's edge is not the line of contact.

        Returns
        -------
        BaseGeometry
            The widened border, in WGS 84 degrees.
        """
        return self.memo(widen_border, self.outline())

    def region_parts(self, snapshot: ControlSnapshot) -> RegionParts:
        """Every region split at the snapshot's line of contact, with its controlled share (cached per snapshot).

        See :func:`geodata.control.split_regions`; areas in EPSG:6933.

        Parameters
        ----------
        snapshot : ControlSnapshot
            The control snapshot.

        Returns
        -------
        RegionParts
            Each region's held and not-held parts (WGS 84 degrees) and its controlled share, 0-1 of its area.
        """
        return self.memo(self._split_regions, snapshot)

    def _split_regions(self, snapshot: ControlSnapshot) -> RegionParts:
        return split_regions(self.regions(), self.border_zone(), snapshot)

    def scenarios(self) -> Mapping[str, Scenario]:
        """Every preset scenario by id, in the order of their dates, validated against this dataset's regions and
        control snapshots (``control = "latest"``: the newest snapshot when they are read).

        Returns
        -------
        mapping of str to Scenario
            The scenarios by id (cached; shared: not to be changed).

        Raises
        ------
        geodata.errors.ScenarioError
            When a file is invalid (one line, with the file and the path of the mistake in it).
        """
        return self.memo(read_scenarios, self.paths.scenarios_dir, self.region_ids(), self.snapshot_dates())

    def scenario(self, scenario_id: str) -> Scenario:
        """A preset by id, read and validated on its own: a dataset whose control snapshots lack another
        preset's line (an imported history, say) can still use this one.

        Parameters
        ----------
        scenario_id : str
            The preset's id (its file's name without ``.toml``).

        Returns
        -------
        Scenario
            The scenario, validated.

        Raises
        ------
        geodata.errors.ScenarioError
            When its file is invalid, or naming the known ids when it is unknown.
        """
        path = self.paths.scenarios_dir / f"{scenario_id}.toml"
        if scenario_id.replace("-", "").isalnum() and path.is_file():
            return self.memo(read_scenario_file, path, self.region_ids(), self.snapshot_dates())
        return pick_scenario(self.scenarios(), scenario_id)


_default: Dataset | None = None
_default_lock = threading.Lock()


def _listed_dates(folder: Path, stamp: int) -> tuple[str, ...]:
    # ``stamp`` (the folder's modification time) is part of the cache key only.
    return snapshot_dates(folder)


def default_dataset() -> Dataset:
    """The dataset of the package's own files and the user's snapshots, for the edges: the command line, the
    dashboard, the pack builder, the build and the benchmarks. Domain functions are given a dataset, never call this.

    Made on the first call, with the user data folder read then from the environment
    (:func:`geodata.settings.read_settings`: ``CLAIMS_MAP_DATA_DIR``, else the XDG default).

    Returns
    -------
    Dataset
        The same object on every call.
    """
    global _default
    with _default_lock:
        if _default is None:
            _default = Dataset(user_control_dir=read_settings().control_dir)
        return _default
