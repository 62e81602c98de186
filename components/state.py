"""What the dashboard shows, and how it travels in the URL.

``?scenario=plan-28-points-2025-11`` opens a preset; options, control date,
layers, language, presentation mode and (optionally) the map view ride along,
so a copied link shows another person the same thing. Parsing never raises:
anything invalid falls back to its default and adds a notice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from geodata.dataset import default_dataset
from geodata.regions import ANNEXED_2022
from geodata.scenarios import (
    OUTSIDE_ANNEXED,
    OblastOption,
    Options,
    Scenario,
    ScenarioError,
    Status,
    custom_scenario,
    options_from_statuses,
)
from geodata.vocabulary import DEFAULT_LAYERS as DEFAULT_LAYER_NAMES, LAYERS
from geodata.wording import word

DEFAULT_SCENARIO = "status-quo"
CUSTOM = "custom"
DEFAULT_LAYERS = frozenset(DEFAULT_LAYER_NAMES)
TILES = ("none", "osm", "carto")
DEFAULT_VIEW = (48.4, 31.2, 6)
ZOOM_RANGE = (4, 12)
#: Map views must stay around Ukraine.
LAT_RANGE = (40.0, 56.0)
LON_RANGE = (18.0, 46.0)
#: Longest query value read at all; anything longer is ignored unread.
MAX_PARAM_LENGTH = 200
#: The link parameters the page reads (documented in the README).
KNOWN_PARAMS = frozenset(
    {"scenario", "base", "opts", "control", "layers", "tiles", "lat", "lon", "zoom", "present", "lang", "compare", "since"}
)

STATUS_CODES: dict[Status, str] = {
    Status.UKRAINE: "ua",
    Status.OCCUPIED: "oc",
    Status.DE_JURE_RUSSIA: "dj",
    Status.DE_FACTO_RUSSIA: "df",
    Status.FROZEN: "fr",
    Status.BUFFER_ZONE: "bz",
    Status.RETURNED: "rt",
}
CODE_STATUSES = {code: status for status, code in STATUS_CODES.items()}
OBLAST_CODES = {"UA-14": "d", "UA-09": "l", "UA-23": "z", "UA-65": "k"}
CODE_OBLASTS = {code: region for region, code in OBLAST_CODES.items()}


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the page shows."""

    scenario_id: str = DEFAULT_SCENARIO
    base_id: str = DEFAULT_SCENARIO
    options: Options = field(default_factory=Options)
    control: str = ""
    layers: frozenset[str] = DEFAULT_LAYERS
    tiles: str = "none"
    view: tuple[float, float, float] = DEFAULT_VIEW
    present: bool = False
    lang: str = "en"
    compare: str = ""
    sync_view: bool = False
    #: Draw what Russia gained and lost since this control date (empty: nothing); see components/changes.py.
    since: str = ""


def preset_options(scenario_id: str) -> Options:
    """The options that produce a preset (every shipped preset is expressible; tests check it)."""
    options = options_from_statuses(default_dataset().scenarios()[scenario_id].regions)
    return options if options is not None else Options()


def encode_options(options: Options) -> str:
    """Options as a short URL value, e.g. ``c.dj~d.df.bz~l.df.df~z.fr.ua~k.fr.ua~r.12.48``."""
    parts = [f"c.{STATUS_CODES[options.crimea]}"]
    for region_id in ANNEXED_2022:
        option = options.oblasts[region_id]
        parts.append(f"{OBLAST_CODES[region_id]}.{STATUS_CODES[option.held]}.{STATUS_CODES[option.remainder]}")
    returned = ".".join(r.removeprefix("UA-") for r in sorted(options.returned_outside))
    parts.append(f"r.{returned}" if returned else "r")
    return "~".join(parts)


def decode_options(value: str) -> Options:
    """Parse :func:`encode_options`'s format; raises ``ValueError`` naming what is wrong."""
    if not re.fullmatch(r"[a-z0-9.~]{1,80}", value):
        raise ValueError("options contain characters that are not allowed")
    crimea = Status.OCCUPIED
    oblasts = {r: OblastOption() for r in ANNEXED_2022}
    returned: set[str] = set()
    for chunk in value.split("~"):
        head, *rest = chunk.split(".")
        if head == "c" and len(rest) == 1 and rest[0] in CODE_STATUSES:
            crimea = CODE_STATUSES[rest[0]]
        elif head in CODE_OBLASTS and len(rest) == 2 and all(r in CODE_STATUSES for r in rest):
            oblasts[CODE_OBLASTS[head]] = OblastOption(CODE_STATUSES[rest[0]], CODE_STATUSES[rest[1]])
        elif head == "r" and all(f"UA-{r}" in OUTSIDE_ANNEXED for r in rest if r):
            returned = {f"UA-{r}" for r in rest if r}
        else:
            raise ValueError(f"unknown option {chunk[:20]!r}")
    try:
        return Options(crimea=crimea, oblasts=oblasts, returned_outside=frozenset(returned))
    except ScenarioError as exc:
        raise ValueError(str(exc)) from None


def snap_zoom(zoom: float) -> float:
    """A zoom on the map's quarter steps, inside the allowed range."""
    return min(max(round(zoom * 4) / 4, ZOOM_RANGE[0]), ZOOM_RANGE[1])


def view_from_map(lat: float, lon: float, zoom: float) -> tuple[float, float, float]:
    """The view the map reports, brought inside what a link may carry (so the link always opens)."""
    lat = min(max(lat, LAT_RANGE[0]), LAT_RANGE[1])
    lon = min(max(lon, LON_RANGE[0]), LON_RANGE[1])
    return (round(lat, 4), round(lon, 4), snap_zoom(zoom))


def _number(value: str, lo: float, hi: float) -> float:
    number = float(value)
    if not math.isfinite(number) or not lo <= number <= hi:
        raise ValueError("out of range")
    return number


#: A notice about a link parameter: the catalogue's message id (``notice_<reason>``) and the parameter's name.
Notice = tuple[str, str]


def notice_text(notice: Notice, lang: str) -> str:
    """A notice in the interface's language, e.g. "'control' is not a shipped control date"."""
    reason, name = notice
    return word(f"notice_{reason}", lang, name=name) if name else word(f"notice_{reason}", lang)


def parse_query(params: Mapping[str, str]) -> tuple[ViewState, list[Notice]]:
    """The view a URL asks for, and a notice for each parameter that was ignored.

    Never raises: unknown ids, hostile strings and absurd numbers fall back to
    defaults. Notices name only parameters this page knows, never what was sent, so a link cannot
    put words on the page; parameters it does not know are ignored with one notice. Each notice is
    a message id and a parameter name (:data:`Notice`), worded by :func:`notice_text`.
    """
    notices: list[Notice] = []
    state = ViewState()
    get = {str(k): str(v) for k, v in params.items() if str(k) in KNOWN_PARAMS}
    if len(get) < len(params):
        notices.append(("unused", ""))

    def reject(name: str, reason: str) -> None:
        notices.append((reason, name))

    for name, value in list(get.items()):
        if len(value) > MAX_PARAM_LENGTH:
            reject(name, "too_long")
            del get[name]

    scenarios = default_dataset().scenarios()
    snapshots = default_dataset().snapshot_dates()
    scenario_id = get.get("scenario", DEFAULT_SCENARIO)
    base_id = get.get("base", scenario_id if scenario_id != CUSTOM else DEFAULT_SCENARIO)
    if base_id not in scenarios:
        if "base" in get:
            reject("base", "unknown_scenario")
        base_id = DEFAULT_SCENARIO
    if scenario_id != CUSTOM:
        for name in ("opts", "base"):
            if name in get:
                reject(name, "custom_only")
    if scenario_id == CUSTOM:
        try:
            options = decode_options(get.get("opts", ""))
            state = replace(state, scenario_id=CUSTOM, base_id=base_id, options=options)
        except ValueError:
            reject("opts", "bad_options")
            state = replace(state, scenario_id=base_id, base_id=base_id, options=preset_options(base_id))
    elif scenario_id in scenarios:
        state = replace(state, scenario_id=scenario_id, base_id=scenario_id, options=preset_options(scenario_id))
    else:
        reject("scenario", "unknown_scenario")
        state = replace(state, options=preset_options(DEFAULT_SCENARIO))

    # A comparison draws both proposals on one line: the newest, unless the link names another.
    default_control = snapshots[-1] if get.get("compare") in scenarios else scenarios[state.base_id].control or snapshots[-1]
    control = get.get("control", default_control)
    if control not in snapshots:
        reject("control", "unknown_control")
        control = default_control if default_control in snapshots else snapshots[-1]
    state = replace(state, control=control)

    if "layers" in get:
        requested = [x for x in get["layers"].split(",") if x]
        if all(x in LAYERS for x in requested):
            state = replace(state, layers=frozenset(requested))
        else:
            reject("layers", "unknown_layer")
    if "tiles" in get:
        if get["tiles"] in TILES:
            state = replace(state, tiles=get["tiles"])
        else:
            reject("tiles", "unknown_tiles")
    if any(k in get for k in ("lat", "lon", "zoom")):
        try:
            lat = _number(get.get("lat", str(DEFAULT_VIEW[0])), *LAT_RANGE)
            lon = _number(get.get("lon", str(DEFAULT_VIEW[1])), *LON_RANGE)
            zoom = snap_zoom(_number(get.get("zoom", str(DEFAULT_VIEW[2])), *ZOOM_RANGE))
            state = replace(state, view=(round(lat, 4), round(lon, 4), zoom), sync_view=True)
        except ValueError:
            reject("lat/lon/zoom", "outside_map")
    if "present" in get:
        if get["present"] in ("0", "1"):
            state = replace(state, present=get["present"] == "1")
        else:
            reject("present", "zero_one")
    if "lang" in get:
        if get["lang"] in ("en", "uk"):
            state = replace(state, lang=get["lang"])
        else:
            reject("lang", "language")
    if "compare" in get:
        if get["compare"] in scenarios:
            state = replace(state, compare=get["compare"])
        else:
            reject("compare", "unknown_scenario")
    if "since" in get:
        if get["since"] in snapshots:
            state = replace(state, since=get["since"])
        else:
            reject("since", "unknown_control")
    return state, notices


def to_query(state: ViewState) -> dict[str, str]:
    """The URL parameters that reproduce ``state``; defaults are left out to keep links short."""
    query: dict[str, str] = {"scenario": state.scenario_id}
    if state.scenario_id == CUSTOM:
        query["base"] = state.base_id
        query["opts"] = encode_options(state.options)
    scenarios = default_dataset().scenarios()
    default_control = default_dataset().snapshot_dates()[-1] if state.compare else scenarios[state.base_id].control
    if state.control != default_control:
        query["control"] = state.control
    if state.layers != DEFAULT_LAYERS:
        query["layers"] = ",".join(x for x in LAYERS if x in state.layers)
    if state.tiles != "none":
        query["tiles"] = state.tiles
    if state.sync_view:
        query["lat"], query["lon"], query["zoom"] = (f"{state.view[0]:.4f}", f"{state.view[1]:.4f}", f"{state.view[2]:g}")
    if state.present:
        query["present"] = "1"
    if state.lang != "en":
        query["lang"] = state.lang
    if state.compare:
        query["compare"] = state.compare
    if state.since:
        query["since"] = state.since
    return query


def scenario_for(state: ViewState) -> Scenario:
    """The scenario a view shows: a preset, or a custom scenario from its options and base.

    Scenarios hash by content, so caches key on the scenario itself: the same options on the same
    base are one cache entry, and a field added to :class:`~geodata.scenarios.Scenario` is in the key.
    """
    scenarios = default_dataset().scenarios()
    if state.scenario_id in scenarios:
        return scenarios[state.scenario_id]
    return custom_scenario(state.options, scenarios.get(state.base_id), region_ids=default_dataset().regions().index)
