"""Where control layers are fetched from, and on which terms: DeepStateMap, or an address an operator names."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from geodata import __version__
from geodata.importer import DEFAULT_LIMITS

MB = 1024 * 1024

#: DeepStateMap's site (https://deepstatemap.live, the "DeepState" volunteer map of the war). Its JSON
#: API is unofficial and changes without notice: ``/api/history/last`` serves the newest layer as
#: ``{"id", "datetime", "map": FeatureCollection}`` (some clients receive that object as a JSON-encoded
#: string), ``/api/history/public`` lists the dated versions (``[{"id", "createdAt", ...}]``; reported
#: in 2026 to need sign-in) and ``/api/history/<id>/geojson`` serves one version's FeatureCollection.
DEEPSTATEMAP_BASE = "https://deepstatemap.live"
DEEPSTATEMAP_LAST_PATH = "/api/history/last"
DEEPSTATEMAP_VERSIONS_PATH = "/api/history/public"
DEEPSTATEMAP_VERSION_PATH = "/api/history/{id}/geojson"

#: Seconds to connect and to wait for each piece of the answer.
DEFAULT_TIMEOUT_S = 30.0
#: The whole download (every request of one fetch) must end within this many time-outs.
TOTAL_TIMEOUT_FACTOR = 4
#: The size cap, by default the importer's own file limit (20 MB).
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes
#: The largest cap an operator may set (``--max-mb``).
MAX_MAX_BYTES = 200 * MB
_CHUNK = 64 * 1024
_USER_AGENT = f"claims-map-geodata/{__version__} (fetch-control)"
_ACCEPT = (
    "application/json, application/geo+json, application/vnd.google-earth.kml+xml, application/vnd.google-earth.kmz, */*;q=0.5"
)


@dataclass(frozen=True)
class Source:
    """Where a layer comes from, and on which terms.

    Attributes
    ----------
    id : str
        ``deepstatemap``, or ``url`` for an address an operator names.
    name : str
        Who publishes it, as shown in the summary and the snapshot's sources.
    licence : str
        The source's licence line, as recorded in the provenance.
    attribution : str
        The credit its terms ask for.
    has_history : bool
        Whether dated versions can be asked for (``date``).
    """

    id: str
    name: str
    licence: str
    attribution: str
    has_history: bool


#: DeepStateMap's terms: its data is for non-commercial use with attribution (FACTS.md, "Public sources
#: of control polygons"); it may not be committed to this repository.
DEEPSTATEMAP = Source(
    id="deepstatemap",
    name="DeepStateMap",
    licence="DeepStateMap's terms: non-commercial use with attribution; not for redistribution in this repository",
    attribution="DeepStateMap, deepstatemap.live",
    has_history=True,
)


def url_source(url: str) -> Source:
    """The :class:`Source` of an address an operator names: its terms are the host's, unknown here.

    Parameters
    ----------
    url : str
        The http(s) address.

    Returns
    -------
    Source
        A source with id ``url``, named for the address's host, whose licence and attribution say to check its terms.
    """
    host = urllib.parse.urlsplit(url).hostname or "the host"
    return Source(
        id="url",
        name=host,
        licence=f"as served by {host}; check the source's terms",
        attribution=f"as served by {host}",
        has_history=False,
    )
