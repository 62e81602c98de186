"""The sidebar: language, proposal presets, control date and changes since; then two sections drawn only while open,
the de jure / de facto options region by region and what the map shows (layers, base map, comparison, presentation
view)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.escaping import escape_markdown
from components.state import CUSTOM, DEFAULT_LAYERS, LAYERS, TILES, ViewState, parse_query, preset_options
from geodata.dataset import default_dataset
from geodata.regions import ANNEXED_2022
from geodata.scenarios import (
    OUTSIDE_ANNEXED,
    RUSSIAN_HELD_STATUSES,
    UKRAINIAN_HELD_STATUSES,
    OblastOption,
    Options,
    Scenario,
    Status,
)
from geodata.wording import LANGUAGE_NAMES, layer_label, status_label, word

STATUS_ORDER = list(Status)
HELD_CHOICES = [s for s in STATUS_ORDER if s in RUSSIAN_HELD_STATUSES]
CRIMEA_CHOICES = [s for s in HELD_CHOICES if s != Status.BUFFER_ZONE]
REMAINDER_CHOICES = [s for s in STATUS_ORDER if s in UKRAINIAN_HELD_STATUSES]


def _set_option_widgets(options: Options) -> None:
    st.session_state["opt_crimea"] = options.crimea
    for region_id in ANNEXED_2022:
        st.session_state[f"opt_held_{region_id}"] = options.oblasts[region_id].held
        st.session_state[f"opt_rem_{region_id}"] = options.oblasts[region_id].remainder
    st.session_state["opt_returned"] = sorted(options.returned_outside)


def init_session(params: Mapping[str, str]) -> None:
    """Set every widget from the URL on a session's first run, and whenever the URL is not the one the
    app last wrote (a reloaded page resumes its session: a link edited or changed by the page, such as
    ``present=0`` when Esc leaves presentation view, must win over the session's old state)."""
    if st.session_state.get("initialised") and dict(params) == st.session_state.get("written_query"):
        return
    state, notices = parse_query(params)
    st.session_state["scenario"] = state.scenario_id
    st.session_state["base_id"] = state.base_id
    _set_option_widgets(state.options)
    st.session_state["control"] = state.control
    for layer in LAYERS:
        st.session_state[f"layer_{layer}"] = layer in state.layers
    st.session_state["tiles"] = state.tiles
    st.session_state["present"] = state.present
    st.session_state["lang"] = state.lang
    st.session_state["compare"] = state.compare
    st.session_state["since"] = state.since
    st.session_state["sync_view"] = state.sync_view
    st.session_state["view"] = state.view
    st.session_state["initial_view"] = state.view
    st.session_state["notices"] = notices
    if state.scenario_id == CUSTOM:
        # A shared custom link shows what was chosen; a preset's options stay closed (or as the user left them).
        st.session_state["options_open"] = True
    if state.compare or state.layers != DEFAULT_LAYERS or state.tiles != "none" or state.sync_view:
        st.session_state["display_open"] = True
    st.session_state["initialised"] = True


#: The options region by region, drawn only while their section (``options_open``) is open.
OPTION_WIDGETS = ("opt_crimea", *(f"opt_{kind}_{r}" for r in ANNEXED_2022 for kind in ("held", "rem")), "opt_returned")
#: What the map shows and how, drawn only while their section (``display_open``) is open.
DISPLAY_WIDGETS = (*(f"layer_{layer}" for layer in LAYERS), "tiles", "compare", "sync_view", "present")
#: Widgets drawn only while their section is open (the options region by region, the figure title in the downloads,
#: two options of the upload box), and the options section's own state (its heading names the proposal, and a new
#: heading is a new element to Streamlit). Streamlit forgets the value of a widget that a run does not draw; set
#: again at the start of every run, the value is the session's own and survives the section being closed.
KEPT_WHEN_HIDDEN = (*OPTION_WIDGETS, "options_open", *DISPLAY_WIDGETS, "figure_title", "upload_set_date", "upload_repair")


def _set_again(keys: tuple[str, ...]) -> None:
    # A widget's value set through the session state is the session's own: Streamlit neither forgets it when the
    # widget is not drawn nor keeps showing the widget's old label for it.
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def keep_hidden_widget_values() -> None:
    """Keep the values of the widgets in sections that are drawn only while open (:data:`KEPT_WHEN_HIDDEN`), and
    whether the options' section is open."""
    _set_again(KEPT_WHEN_HIDDEN)


def _on_scenario_change() -> None:
    scenario_id = st.session_state["scenario"]
    if scenario_id == CUSTOM:
        st.session_state["options_open"] = True  # "Custom options" chosen: the options it is made of, to change
        return
    st.session_state["base_id"] = scenario_id
    _set_option_widgets(preset_options(scenario_id))
    control = default_dataset().scenarios()[scenario_id].control
    if control in default_dataset().snapshot_dates():
        st.session_state["control"] = control


#: Widgets whose options are shown through words of the interface's language.
WORDED_WIDGETS = (
    "scenario",
    *OPTION_WIDGETS,
    "tiles",
    "compare",
)


def _on_language_change() -> None:
    # A select box keeps the label of its chosen option on the page until the server sets its value
    # again; setting every worded widget to its own value makes the page show it in the new language.
    _set_again(WORDED_WIDGETS)


def _on_option_change() -> None:
    st.session_state["scenario"] = CUSTOM


def current_state() -> ViewState:
    """The view the widgets describe now."""
    ss = st.session_state
    options = Options(
        crimea=ss["opt_crimea"],
        oblasts={r: OblastOption(ss[f"opt_held_{r}"], ss[f"opt_rem_{r}"]) for r in ANNEXED_2022},
        returned_outside=frozenset(ss["opt_returned"]),
    )
    return ViewState(
        scenario_id=ss["scenario"],
        base_id=ss["base_id"],
        options=options,
        control=ss["control"],
        layers=frozenset(layer for layer in LAYERS if ss[f"layer_{layer}"]),
        tiles=ss["tiles"],
        view=ss["view"],
        present=ss["present"],
        lang=ss["lang"],
        compare=ss["compare"],
        sync_view=ss["sync_view"],
        since=ss.get("since", ""),
    )


def scenario_label(scenario: Scenario, lang: str) -> str:
    """A scenario's title in the interface language, with "as reported" where its terms are reported."""
    if scenario.id == CUSTOM:
        return word("custom", lang)
    title = scenario.text("title", lang)
    reported = f" ({word('as_reported', lang)})" if scenario.as_reported else ""
    return f"{title}{reported}"


def _on_compare_change() -> None:
    """A comparison draws both proposals on one line: the newest, unless the user had chosen another date."""
    own = default_dataset().scenarios()[st.session_state["base_id"]].control
    snapshots = default_dataset().snapshot_dates()
    if st.session_state["compare"] and st.session_state["control"] in (own, "") and snapshots:
        st.session_state["control"] = snapshots[-1]


def _scenario_label(scenario_id: str, lang: str, scenarios: Mapping[str, Scenario]) -> str:
    return word("custom", lang) if scenario_id == CUSTOM else scenario_label(scenarios[scenario_id], lang)


#: Captions in Streamlit's faded text read 3.8:1 on the sidebar's grey (WCAG AA asks 4.5:1): 8.0:1 here.
CAPTION_CSS = "[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] p { color: #4a4c57; opacity: 1; }"
#: The statistics panel's tables (``components/stats_panel.html_table``), styled as Streamlit's Markdown tables. Where
#: the panel is narrower than a table needs (a phone, a laptop with the sidebar open), the rows stack: one cell a line,
#: after its column's name. The page never scrolls sideways, and there is no scrolling region to reach by keyboard.
TABLE_CSS = """
.claims-table { container-type: inline-size; margin: 0 0 1rem; }
.claims-table table { border-collapse: collapse; font-size: 0.875rem; width: 100%; }
.claims-table caption { caption-side: top; text-align: left; font-weight: 600; font-size: 1rem; padding: 0 0 0.5rem; }
.claims-table th, .claims-table td { border: 1px solid rgba(49, 51, 63, 0.2); padding: 0.25rem 0.375rem; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.claims-table th { font-weight: 600; }
@container (max-width: 760px) {
  .claims-table-regions table, .claims-table-regions caption, .claims-table-regions tbody, .claims-table-regions tr,
  .claims-table-regions td { display: block; }
  .claims-table-regions thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .claims-table-regions tr { border: 1px solid rgba(49, 51, 63, 0.2); margin: 0 0 0.5rem; }
  .claims-table-regions td { border: 0; }
  .claims-table-regions td::before { content: attr(data-label) ": "; font-weight: 600; }
}
@container (max-width: 520px) {
  .claims-table-status table, .claims-table-status caption, .claims-table-status tbody, .claims-table-status tr,
  .claims-table-status td { display: block; }
  .claims-table-status thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .claims-table-status tr { border: 1px solid rgba(49, 51, 63, 0.2); margin: 0 0 0.5rem; }
  .claims-table-status td { border: 0; }
  .claims-table-status td::before { content: attr(data-label) ": "; font-weight: 600; }
}
"""
PAGE_CSS = f"<style>{TABLE_CSS}</style>"
#: The captions' colour, drawn with the page's first caption (the disclaimer above the map) on every run, the first view's
#: included: before the sidebar's own styles arrive (components/first_view.py).
CAPTION_STYLE = f"<style>{CAPTION_CSS}</style>"


def options_heading(shown: Scenario, lang: str) -> str:
    """The options section's heading: what it holds and the proposal its options start from (plain text)."""
    if st.session_state["scenario"] == CUSTOM:
        return word("options_section_custom", lang, base=shown.text("title", lang))
    return word("options_section", lang, base=scenario_label(shown, lang))


def _render_options(lang: str, names: Mapping[str, str]) -> None:
    st.caption(word("options_help", lang))
    label = lambda s: status_label(s, lang)  # noqa: E731
    st.selectbox(word("crimea", lang), CRIMEA_CHOICES, key="opt_crimea", format_func=label, on_change=_on_option_change)
    for region_id in ANNEXED_2022:
        # The region in each label rather than a heading above the pair: four elements fewer on every toggle.
        region = escape_markdown(names[region_id])
        st.selectbox(
            word("held_part", lang, region=region),
            HELD_CHOICES,
            key=f"opt_held_{region_id}",
            format_func=label,
            on_change=_on_option_change,
        )
        st.selectbox(
            word("remainder", lang, region=region),
            REMAINDER_CHOICES,
            key=f"opt_rem_{region_id}",
            format_func=label,
            on_change=_on_option_change,
        )
    st.multiselect(
        word("returned_outside", lang),
        list(OUTSIDE_ANNEXED),
        key="opt_returned",
        format_func=names.__getitem__,
        on_change=_on_option_change,
    )


def _render_display(lang: str, scenarios: Mapping[str, Scenario]) -> None:
    st.caption(word("layers", lang))
    for layer in LAYERS:
        st.checkbox(layer_label(layer, lang), key=f"layer_{layer}")
    st.selectbox(
        word("tiles", lang),
        list(TILES),
        key="tiles",
        format_func=lambda x: word(f"tiles_{x}", lang),
    )
    st.selectbox(
        word("compare", lang),
        ["", *scenarios],
        key="compare",
        format_func=lambda sid: word("compare_none", lang) if not sid else _scenario_label(sid, lang, scenarios),
        on_change=_on_compare_change,
    )
    st.checkbox(word("sync_view", lang), key="sync_view", help=word("sync_view_help", lang))
    st.toggle(word("present", lang), key="present", help=word("present_help", lang))


def render_sidebar() -> ViewState:
    """Draw the sidebar and return the view it describes."""
    lang = st.session_state["lang"]
    scenarios = default_dataset().scenarios()
    regions = default_dataset().regions()
    name_col = "name_uk" if lang == "uk" else "name_en"
    with st.sidebar:
        st.html(PAGE_CSS)
        st.radio(
            word("language", lang),
            list(LANGUAGE_NAMES),
            format_func=LANGUAGE_NAMES.get,
            key="lang",
            horizontal=True,
            on_change=_on_language_change,
        )
        lang = st.session_state["lang"]
        st.selectbox(
            word("scenario", lang),
            [*scenarios, CUSTOM],
            key="scenario",
            format_func=lambda sid: _scenario_label(sid, lang, scenarios),
            on_change=_on_scenario_change,
        )
        shown = scenarios.get(st.session_state["scenario"]) or scenarios[st.session_state["base_id"]]
        prefix = "" if st.session_state["scenario"] != CUSTOM else f"{word('custom_from', lang)} {shown.text('title', lang)}. "
        # The summary, then who stands behind the terms and how far they got (a proposal is not an agreement):
        # one element, since every element is sent again on each toggle.
        who = "  \n".join(
            escape_markdown(f"{word(key, lang)}: {shown.text(key, lang)}")
            for key in ("proposed_by", "accepted_by", "talks_status")
        )
        # The proposal's date beside its summary; the status quo has no date of its own (it is the line's).
        dated = f"{shown.shown_date}: " if shown.shown_date else ""
        summary = escape_markdown(f"{prefix}{dated}{shown.text('summary', lang)}")
        st.caption(f"{summary}\n\n{who}")

        # The options region by region, drawn only while their section is open: their ten widgets were most of
        # what the page rendered before it could attach the map (docs/performance.md, "Page load on a slower
        # machine"). Their values are the session's own (KEPT_WHEN_HIDDEN) and travel in the link while closed.
        section = st.expander(escape_markdown(options_heading(shown, lang)), key="options_open", on_change="rerun")
        if section.open:
            with section:
                _render_options(lang, regions.loc[:, name_col].to_dict())
        # Every shipped date is shown and can be picked in one click (a slider would label only its ends); a long
        # imported history (hundreds of dates) gets a slider instead, and so does the "changes since" chooser.
        from components.changes import render_since_chooser, usable_date_chooser

        usable_date_chooser(word("control", lang), list(default_dataset().snapshot_dates()), key="control")
        render_since_chooser(lang)

        # What the map shows and how (layers, base map, a comparison, presentation view), drawn only while open, as
        # the options are; open on a link that sets any of them.
        display = st.expander(word("display_section", lang), key="display_open", on_change="rerun")
        if display.open:
            with display:
                _render_display(lang, scenarios)
    return current_state()
