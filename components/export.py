"""Download buttons: the figure (PNG, SVG, PDF) and the data (GeoJSON, GeoPackage, KML, CSV) of what is on screen.

Files are made only when a button is clicked (a callable ``data``), so toggles stay fast.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import streamlit as st

from components.state import ViewState, to_query
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.export import FORMATS, MIME_TYPES, export_bytes
from geodata.pack import PackRequest, build_pack
from geodata.scenarios import Scenario
from geodata.wording import word

FIGURE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def file_stem(scenario: Scenario, snapshot: ControlSnapshot, lang: str = "en", compare: Scenario | None = None) -> str:
    """A safe file name stem: scenario id, the compared one's, control date and language, never user text.

    ``claims-map-us-2025-04-vs-status-quo-2025-11-20-uk``.
    """
    versus = f"-vs-{compare.id}" if compare is not None and compare.id != scenario.id else ""
    return re.sub(r"[^a-z0-9-]", "", f"claims-map-{scenario.id}{versus}-{snapshot.as_of}-{lang}")


PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def slide_bytes(
    state: ViewState,
    scenario: Scenario,
    snapshot: ControlSnapshot,
    layers: tuple[str, ...],
    title: str | None,
    compare: Scenario | None = None,
) -> bytes:
    """The "PowerPoint" download: the view on screen (and its comparison) as one slide, in the interface's language;
    with a "changes since" date, the map slide draws the gains and losses as the map does and the changes slide follows."""
    from components.changes import changes_for
    from geodata.slides import SlideSpec, deck_bytes
    from geodata.slides_changes import changes_slide_builder

    changes = changes_for(state, snapshot)
    spec = SlideSpec(
        scenario,
        snapshot,
        state.lang,
        compare=compare,
        layers=layers,
        title=title or "",
        dataset=default_dataset(),
        changes=changes,
    )
    return deck_bytes([spec], extra=[changes_slide_builder(spec)] if changes is not None else [])


#: Each data format's own name, as GIS tools write it.
FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "kml": "KML", "csv": "CSV"}


def render_export_panel(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, compare: Scenario | None = None) -> None:
    """Draw the download buttons for the scenario, snapshot, layers and language on screen (the figure and the slide
    draw the gains and losses since the view's "changes since" date, as the map does)."""
    from components.changes import changes_for
    from geodata.figures import render_bytes

    lang = state.lang
    stem = file_stem(scenario, snapshot, lang, compare)
    data_stem = file_stem(scenario, snapshot, lang)  # the data files hold the first scenario only
    st.markdown(f"**{word('download_figure', lang)}**")
    # Drawn as plain text by the renderer (no markup, no mathtext), whatever the user types.
    title = st.text_input(word("figure_title", lang), key="figure_title", max_chars=120) or None
    layers = tuple(layer for layer in ("line", "claims", "labels", "settlements", "assets") if layer in state.layers)
    columns = st.columns(len(FIGURE_FORMATS) + 1)
    for column, (fmt, mime) in zip(columns, FIGURE_FORMATS.items(), strict=False):
        column.download_button(
            fmt.upper(),
            data=lambda fmt=fmt: render_bytes(
                scenario,
                snapshot,
                fmt=fmt,
                layers=layers,
                title=title,
                lang=lang,
                compare=compare,
                dataset=default_dataset(),
                changes=changes_for(state, snapshot),
            ),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"download_figure_{fmt}",
            on_click="ignore",
        )
    # The same view as one 16:9 PowerPoint slide, in the interface's language (geodata.slides).
    columns[-1].download_button(
        word("download_pptx", lang),
        data=lambda: slide_bytes(state, scenario, snapshot, layers, title, compare),
        file_name=f"{stem}.pptx",
        mime=PPTX_MIME,
        key="download_figure_pptx",
        help=word("download_pptx_help", lang),
        on_click="ignore",
    )
    st.markdown(f"**{word('download_data', lang)}**")
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS, strict=False):
        column.download_button(
            FORMAT_NAMES.get(fmt, fmt.upper()),
            data=lambda fmt=fmt: export_bytes(scenario, snapshot, fmt, dataset=default_dataset()),
            file_name=f"{data_stem}.{fmt}",
            mime=MIME_TYPES[fmt],
            key=f"download_{fmt}",
            on_click="ignore",
        )
    render_pack_button(state, scenario, compare, title)
    render_embed_snippet(state, scenario, compare)


def pack_file_name(scenario: Scenario, compare: Scenario | None = None) -> str:
    """A safe file name for the briefing pack: scenario ids only, never user text."""
    ids = scenario.id + (f"-vs-{compare.id}" if compare is not None and compare.id != scenario.id else "")
    return re.sub(r"[^a-z0-9-]", "", f"claims-map-briefing-{ids}") + ".html"


def pack_request(state: ViewState, scenario: Scenario, compare: Scenario | None = None, title: str | None = None) -> PackRequest:
    """What the "Download briefing pack" button builds: the scenario on screen (and its comparison),
    every shipped control date (not the imported or fetched ones, which would grow the file without bound),
    the interface's language, the figure's title if one is given."""
    scenarios = [scenario] + ([compare] if compare is not None and compare.id != scenario.id else [])
    return PackRequest(scenarios=scenarios, dates=list(default_dataset().shipped_snapshots()), lang=state.lang, title=title or "")


def render_pack_button(state: ViewState, scenario: Scenario, compare: Scenario | None = None, title: str | None = None) -> None:
    """The "Download briefing pack" button: one offline HTML file, built only when clicked."""
    lang = state.lang
    st.markdown(f"**{word('download_pack', lang)}**")
    st.download_button(
        word("download_pack_button", lang),
        data=lambda: build_pack(pack_request(state, scenario, compare, title)),
        file_name=pack_file_name(scenario, compare),
        mime="text/html",
        key="download_pack",
        help=word("download_pack_help", lang),
        on_click="ignore",
    )


def embed_snippet(base_url: str, state: ViewState, lang: str) -> str:
    """An ``<iframe>`` that shows the presentation view of the current link from this server.

    Parameters
    ----------
    base_url : str
        The app's address as the browser sees it (``st.context.url``), without its query.
    state : ViewState
        The view on screen: its link, with ``present=1``.
    lang : {"en", "uk"}
        The language of the frame's title (its text alternative).

    Returns
    -------
    str
        HTML, every attribute value escaped.
    """
    query = {**to_query(state), "present": "1"}
    src = f"{base_url.split('?', 1)[0].rstrip('/')}/?{urlencode(query)}"
    title = word("title", lang)
    return (
        f'<iframe src="{html.escape(src, quote=True)}" width="960" height="540" style="border:0" '
        f'title="{html.escape(title, quote=True)}" loading="lazy" allowfullscreen></iframe>'
    )


def render_embed_snippet(state: ViewState, scenario: Scenario, compare: Scenario | None = None) -> None:
    """The embed snippet for the current view, and how to embed the briefing pack instead."""
    lang = state.lang
    st.markdown(f"**{word('embed_heading', lang)}**")
    st.code(embed_snippet(st.context.url or "", state, lang), language="html", wrap_lines=True)
    st.caption(word("embed_help", lang))
    title = word("title", lang).replace('"', "&quot;")
    st.caption(word("embed_pack", lang, file=pack_file_name(scenario, compare), title=title))
