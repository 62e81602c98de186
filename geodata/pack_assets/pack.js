/*
 * The briefing pack's page (geodata/pack.py inlines it after Leaflet and static/map/claims-map.js).
 *
 * This script is the pack's chooser only: scenario, date, layers, presentation view, print, and the panel
 * beside the map. Everything it shows was made in Python when the pack was built, for every
 * scenario × control-date pair it holds (data.pairs): the map's configuration is the very one the
 * dashboard sends for that pair (geodata.mapconfig.map_config), drawn by the dashboard's own script
 * (ClaimsMap.base / ClaimsMap.layers), and every number is written by geodata.wording's formatters
 * (Babel). The only thing this script changes in a configuration is which layers are on. Every text
 * goes in with textContent.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('pk-data').textContent);
  var W = data.words;
  var CONTEXT = 'pack:context', PLACES = 'pack:places';

  // --- Helpers: text goes in as text ----------------------------------------------------------------

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  // A number shown on the page: its text as Python wrote it, its exact value in data-value.
  function numberSpan(parent, key, value, text) {
    var span = el('span', 'pk-num', text, parent);
    span.setAttribute('data-key', key);
    span.setAttribute('data-value', String(value));
    return span;
  }

  // Every table stacks its rows where its box is narrower than it needs (a phone), as the dashboard's do: each cell
  // labelled with its column (data-label, shown before it by the stylesheet), in a box the container queries measure,
  // so the page never scrolls sideways and holds no scrolling region.
  function stackable(root) {
    root.querySelectorAll('table.pk-table').forEach(function (table) {
      if (!table.parentNode.classList.contains('pk-tbox')) {
        var box = document.createElement('div');
        box.className = 'pk-tbox' + (table.id === 'pk-per-region' ? ' pk-tbox-wide' : '');
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
        if (table.classList.contains('pk-print-hide')) { box.classList.add('pk-print-hide'); }
      }
      var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent; });
      table.querySelectorAll('tbody tr').forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (heads[i]) { cell.setAttribute('data-label', heads[i]); }
        });
      });
    });
  }

  function swatch(status, styles) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '12');
    svg.setAttribute('aria-hidden', 'true');
    var rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', '0.5'); rect.setAttribute('y', '0.5');
    rect.setAttribute('width', '21'); rect.setAttribute('height', '11');
    rect.setAttribute('fill', styles[status].fillColor);
    rect.setAttribute('stroke', '#555555');
    svg.appendChild(rect);
    return svg;
  }

  function byId(list, id) {
    for (var i = 0; i < list.length; i++) { if (list[i].id === id) { return list[i]; } }
    return null;
  }

  // --- State: scenario, date, layers, presentation; the link's hash can carry them -------------------

  var state = {
    scenario: data.initial.scenario,
    date: data.initial.date,
    since: '',
    layers: {},
    present: false,
    trendRegion: ''
  };
  data.layers.forEach(function (layer) { state.layers[layer] = data.initial_layers.indexOf(layer) >= 0; });

  function readHash() {
    var params = {};
    String(window.location.hash || '').replace(/^#/, '').split('&').forEach(function (item) {
      var kv = item.split('=');
      if (kv.length === 2) {
        try { params[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1]); } catch (e) { /* ignored */ }
      }
    });
    // Only values the pack holds are used; anything else is ignored.
    if (params.scenario && byId(data.scenarios, params.scenario)) { state.scenario = params.scenario; }
    if (params.date && data.dates.indexOf(params.date) >= 0) { state.date = params.date; }
    // A "since" date is used only where the pack holds the changes from it to the date shown.
    state.since = params.since && changes(params.since, state.date) ? params.since : '';
    state.present = params.present === '1';
  }

  function writeHash() {
    var hash = '#scenario=' + encodeURIComponent(state.scenario) + '&date=' + encodeURIComponent(state.date) +
      (state.since ? '&since=' + encodeURIComponent(state.since) : '') + (state.present ? '&present=1' : '');
    if (window.location.hash !== hash && window.history && window.history.replaceState) {
      try { window.history.replaceState(null, '', hash); } catch (e) { /* file: URLs in some browsers */ }
    }
  }

  // --- The map: Leaflet and the dashboard's own script, with the pack's data ------------------------

  var map = L.map('pk-map', {zoomSnap: 0.25, zoomDelta: 1, minZoom: 4, maxZoom: 12, preferCanvas: false, zoomControl: true});
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(W.boundaries_source + ' · Leaflet');
  // The map's script creates the panes and the scale bar (metric, in the pack's words), and fits Ukraine
  // beside the legend and the title box. The pack's data is handed to it first (ClaimsMap.preload), so it
  // is never fetched.
  ClaimsMap.preload(CONTEXT, data.context);
  ClaimsMap.preload(PLACES, data.places);
  ClaimsMap.base(map, L.extend({}, data.base, {context_url: CONTEXT}));

  function fit() { map.invalidateSize({pan: false}); ClaimsMap.fit(true); }

  // What changed from one date to a later one, as Python wrote it (geodata/pack_changes.py), or null.
  function changes(from, to) {
    return (from && from < to && data.changes.pairs[from + '|' + to]) || null;
  }

  function current() {
    return {
      scenario: byId(data.scenarios, state.scenario),
      snapshot: data.snapshots[state.date],
      pair: data.pairs[state.scenario + '|' + state.date],
      changes: changes(state.since, state.date)
    };
  }

  // The pair's configuration as built in Python; only the layers switched on are the page's. With a "since"
  // date, the changes go in as geodata.mapconfig.map_config puts them in for the dashboard: the map's
  // ``changes`` (geodata.changes.changes_map_config, unchanged), their legend rows after the others and
  // their swatches among the styles, the earlier line's sources after the title box's; claims-map.js draws them as it
  // does on the dashboard.
  function mapConfig(now) {
    var cfg = now.pair.map, extra = {
      layers: L.extend({}, state.layers),
      snapshot_url: null,
      snapshot_key: now.snapshot.as_of,
      snapshot_inline: now.snapshot,
      places_url: PLACES
    };
    if (now.changes) {
      var ch = now.changes.map;
      extra.changes = ch;
      extra.legend = L.extend({}, cfg.legend, {rows: cfg.legend.rows.concat(ch.legend)});
      extra.styles = L.extend({}, cfg.styles, ch.swatches);
      extra.titlebox = L.extend({}, cfg.titlebox, {sources: cfg.titlebox.sources + '; ' + ch.sources_text});
    }
    return L.extend({}, cfg, extra);
  }

  var group = null;
  function drawMap(now) {
    if (group) { group.remove(); }
    group = L.featureGroup();
    ClaimsMap.layers(group, mapConfig(now));
    group.addTo(map);
  }

  // --- The numbers beside the map ---------------------------------------------------------------------

  function headlineCard(parent, label, build) {
    var card = el('div', 'pk-card', null, parent);
    el('div', 'label', label, card);
    build(card);
    return card;
  }

  function drawPanel(now) {
    var panel = document.getElementById('pk-panel'), pair = now.pair, sc = now.scenario, snap = now.snapshot;
    panel.textContent = '';

    // The scenario: title, date, "as reported", summary, who proposed and accepted it, sources, notes.
    el('h2', null, sc.title, panel);
    var meta = el('p', 'pk-meta', sc.date ? sc.date + ' ' : '', panel);
    if (sc.as_reported) { el('span', 'pk-reported', W.as_reported, meta); }
    el('p', 'pk-summary', sc.summary, panel);
    var facts = el('dl', 'pk-facts pk-print-hide', null, panel);
    ['proposed_by', 'accepted_by', 'talks_status'].forEach(function (key) {
      el('dt', null, W[key], facts);
      el('dd', null, sc[key], facts);
    });
    el('p', 'pk-small pk-print-hide', W.m_scenario_sources + ': ' + sc.sources.join('; '), panel);

    // Headline figures, written as the dashboard writes them (pair.text, from Python).
    var T = pair.text, cfg = pair.map;
    el('h3', null, W.headline, panel);
    var cards = el('div', 'pk-cards', null, panel);
    headlineCard(cards, W.annexed_share, function (card) {
      numberSpan(el('div', 'value', null, card), 'annexed_2022_controlled_share', pair.annexed_2022_controlled_share, T.annexed_2022_controlled_share);
      el('div', 'sub', T.annexed_share_caption, card);
    });
    headlineCard(cards, W.russian_held, function (card) {
      numberSpan(el('div', 'value', null, card), 'russian_held_area_km2', pair.russian_held_area_km2, T.russian_held_area_km2);
      el('div', 'sub', T.russian_held_caption, card).setAttribute('data-key', 'russian_held_share_of_ukraine');
      // With its margin and the published figure of a date within 7 days, as Python wrote them (docs/method.md).
      el('div', 'sub pk-margin', pair.headline.area + '; ' + pair.headline.share, card);
    });
    headlineCard(cards, W.gives_up, function (card) {
      numberSpan(el('div', 'value', null, card), 'ukraine_gives_up.area_km2', pair.ukraine_gives_up.area_km2, T['ukraine_gives_up.area_km2']);
      el('div', 'sub', T.gives_up_caption, card).setAttribute('data-key', 'ukraine_gives_up.population');
    });

    if (now.changes) { drawChanges(panel, now.changes); }

    // Area and population by status.
    el('h3', null, W.by_status, panel);
    var table = el('table', 'pk-table', null, panel);
    table.id = 'pk-by-status';
    var head = el('tr', null, null, el('thead', null, null, table));
    el('th', null, W.col_status, head);
    el('th', 'n', W.col_km2, head);
    el('th', 'n', W.col_status_margin, head);
    el('th', 'n', W.col_share, head);
    el('th', 'n', W.col_population, head);
    var body = el('tbody', null, null, table);
    data.statuses.forEach(function (status) {
      var values = pair.totals[status];
      if (!values || !(values.area_km2 > 0)) { return; }
      var tr = el('tr', null, null, body);
      tr.setAttribute('data-status', status);
      var cell = el('td', null, null, tr);
      cell.appendChild(swatch(status, cfg.styles));
      cell.appendChild(document.createTextNode(cfg.labels[status]));
      ['area_km2', 'margin_km2', 'share_of_ukraine', 'population'].forEach(function (key) {
        var name = 'totals.' + status + '.' + key;
        numberSpan(el('td', 'n', null, tr), name, values[key], T[name]);
      });
    });

    // What changes beyond the line of contact.
    el('h3', null, W.beyond_line, panel);
    ['ukraine_gives_up', 'russia_returns'].forEach(function (key) {
      el('p', 'pk-beyond', T['beyond.' + key], panel).setAttribute('data-key', key);
    });

    // Per region, most held first.
    var regionsHead = el('h3', 'pk-print-hide', W.per_region, panel);
    regionsHead.id = 'pk-per-region-head';
    var names = {};
    data.regions.forEach(function (r) { names[r.id] = r['name_' + data.lang] || r.name_en; });
    var rows = pair.regions.slice().sort(function (a, b) {
      return (b.controlled_share - a.controlled_share) || names[a.id].localeCompare(names[b.id], cfg.locale);
    });
    var rtable = el('table', 'pk-table pk-print-hide', null, panel);
    rtable.id = 'pk-per-region';
    var rhead = el('tr', null, null, el('thead', null, null, rtable));
    [['col_region', ''], ['col_held_share', 'n'], ['col_held_status', ''], ['col_held_km2', 'n'], ['col_rest_status', ''],
      ['col_rest_km2', 'n'], ['col_claimed', '']].forEach(function (c) { el('th', c[1], W[c[0]], rhead); });
    var rbody = el('tbody', null, null, rtable);
    rows.forEach(function (row) {
      var tr = el('tr', null, null, rbody), t = row.text;
      tr.setAttribute('data-region', row.id);
      el('td', null, names[row.id], tr);
      numberSpan(el('td', 'n', null, tr), 'controlled_share', row.controlled_share, t.controlled_share);
      ['russian_held', 'ukrainian_held'].forEach(function (part) {
        el('td', null, t[part + '.status'], tr).setAttribute('data-status', row[part].status);
        numberSpan(el('td', 'n', null, tr), part + '.area_km2', row[part].area_km2, t[part + '.area_km2']);
      });
      el('td', null, row.annexation_claimed || '', tr);
    });

    // Method and sources.
    el('h3', 'pk-print-hide', W.method, panel);
    var method = el('div', 'pk-small pk-print-hide', null, panel);
    sc.notes.forEach(function (note) { el('p', null, W.m_note + ': ' + note, method); });
    el('p', null, W.m_control + ' ' + snap.as_of + ': ' + snap.method, method);
    el('p', null, W.m_control_sources + ': ' + snap.sources.join('; '), method);
    el('p', null, W.m_areas + ': ' + data.methods.area, method);
    el('p', null, W.m_population + ': ' + data.methods.population, method);
    // How the margins of this line's areas are derived (its own accuracy; an imported line states none).
    el('p', null, snap.margin_method, method).setAttribute('data-key', 'snapshot.margin_method');
    el('p', null, W.m_boundaries, method);
    stackable(panel);
  }

  // What changed since the chosen date: gained / lost / net per region, the places that changed side (texts
  // from Python, written as the dashboard's panel writes them).
  function drawChanges(panel, ch) {
    var T = ch.text, box = el('section', 'pk-changes', null, panel);
    box.id = 'pk-changes';
    box.setAttribute('data-from', ch.from);
    box.setAttribute('data-to', ch.to);
    el('h3', null, T.heading, box);
    el('p', null, T.totals, box).setAttribute('data-key', 'changes.totals');
    el('p', 'pk-small', T.margin, box).setAttribute('data-key', 'changes.margin');
    el('p', 'pk-small pk-print-hide', T.margin_method, box).setAttribute('data-key', 'changes.margin_method');
    el('p', 'pk-small', T.held, box).setAttribute('data-key', 'changes.held');
    // Printed: the heading, the totals and the areas with their margins (the map's legend names both dates).
    var table = el('table', 'pk-table pk-print-hide', null, box);
    table.id = 'pk-changes-table';
    var head = el('tr', null, null, el('thead', null, null, table));
    [['changes_col_region', ''], ['changes_col_gained', 'n'], ['changes_col_lost', 'n'], ['changes_col_net', 'n']].forEach(
      function (c) { el('th', c[1], W[c[0]], head); });
    var body = el('tbody', null, null, table);
    function row(id, values, texts) {
      var tr = el('tr', null, null, body);
      tr.setAttribute('data-region', id);
      el('td', null, texts.name, tr);
      numberSpan(el('td', 'n', null, tr), 'gained_km2', values.gained_km2, texts.gained);
      numberSpan(el('td', 'n', null, tr), 'lost_km2', values.lost_km2, texts.lost);
      numberSpan(el('td', 'n', null, tr), 'net_km2', values.net_km2, texts.net);
    }
    ch.regions.forEach(function (r) { row(r.id, r, T.regions[r.id]); });
    row('total', ch, T.total);
    el('h4', 'pk-print-hide', W.changes_places, box);
    var list = el('ul', 'pk-small pk-print-hide', null, box);
    list.id = 'pk-changes-places';
    T.places.forEach(function (line) { el('li', null, line, list); });
    el('p', 'pk-small pk-print-hide', T.slivers, box);
  }

  // The page's heading and footer say what the map's title box says (the same texts, from Python).
  function drawHeader(now) {
    var box = now.pair.map.titlebox;
    document.getElementById('pk-view').textContent = box.lines.join(' \u2014 ');
    document.getElementById('pk-foot').textContent = box.sources + '. ' + fill(W.pack_made_on, {date: data.made_on});
  }

  function apply() {
    var now = current();
    if (!now.scenario || !now.snapshot || !now.pair) { return; }
    document.body.classList.toggle('pk-present', state.present);
    document.getElementById('pk-scenario').value = state.scenario;
    document.getElementById('pk-date').value = state.date;
    sinceOptions();
    drawHeader(now);
    drawPanel(now);
    drawMap(now);
    document.body.setAttribute('data-view', state.scenario + '|' + state.date);
    document.body.setAttribute('data-since', now.changes ? state.since : '');
    writeHash();
  }

  // The "since" chooser lists every earlier date the pack holds the changes from (none by default).
  function sinceOptions() {
    var select = document.getElementById('pk-since');
    if (!changes(state.since, state.date)) { state.since = ''; }
    select.textContent = '';
    el('option', null, W.changes_since_none, select).value = '';
    data.dates.forEach(function (d) { if (changes(d, state.date)) { el('option', null, d, select).value = d; } });
    select.value = state.since;
    select.disabled = select.options.length < 2;
  }

  // --- The trend: an SVG Python drew (geodata/pack_trend.py), made element by element, texts as text ----------

  function svgTree(node) {
    var e = document.createElementNS(SVG_NS, node.tag);
    Object.keys(node.attrs || {}).forEach(function (k) {
      if (!/^on/i.test(k) && !/href/i.test(k)) { e.setAttribute(k, String(node.attrs[k])); }
    });
    if (node.text !== undefined) { e.textContent = node.text; }
    (node.children || []).forEach(function (child) { e.appendChild(svgTree(child)); });
    return e;
  }

  function legendMark(kind) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', '22'); svg.setAttribute('height', '14'); svg.setAttribute('aria-hidden', 'true');
    var shapes = {
      ours: {tag: 'g', children: [{tag: 'line', attrs: {x1: 0, x2: 22, y1: 7, y2: 7, stroke: '#b2182b', 'stroke-width': 2.5}},
        {tag: 'circle', attrs: {cx: 11, cy: 7, r: 4.5, fill: '#b2182b', stroke: '#ffffff'}}]},
      published: {tag: 'path', attrs: {d: 'M11,1 L17,7 L11,13 L5,7 Z', fill: '#2166ac'}},
      gap: {tag: 'rect', attrs: {x: 0.5, y: 0.5, width: 21, height: 13, fill: '#e8e8e8', stroke: '#999999'}}
    };
    svg.appendChild(svgTree(shapes[kind]));
    return svg;
  }

  function trendTable(parent, columns, rows, sourceColumn) {
    var table = el('table', 'pk-table', null, parent);
    var head = el('tr', null, null, el('thead', null, null, table));
    columns.forEach(function (c, i) { el('th', i > 0 && i < 3 && sourceColumn < 0 ? 'n' : null, c, head); });
    var body = el('tbody', null, null, table);
    rows.forEach(function (r) {
      var tr = el('tr', null, null, body);
      r.forEach(function (cell, i) { el('td', i === sourceColumn ? 'src' : (i > 0 && i < 3 && sourceColumn < 0 ? 'n' : null), cell, tr); });
    });
    return table;
  }

  var PHONE = window.matchMedia('(max-width: 600px)');

  function drawTrend() {
    var T = data.trend, chart = T.charts[state.trendRegion] || T.charts[''];
    document.getElementById('pk-trend-heading').textContent = W.trend_heading;
    var box = document.getElementById('pk-trend-chart');
    box.textContent = '';
    // A phone draws the narrower chart, so its words stay readable (at least 10 px high at 390 px).
    box.appendChild(svgTree(PHONE.matches && chart.svg_narrow ? chart.svg_narrow : chart.svg));
    box.setAttribute('data-region', state.trendRegion);
    var tables = document.getElementById('pk-trend-tables');
    tables.textContent = '';
    trendTable(tables, T.columns.ours, chart.table.ours, -1).id = 'pk-trend-table';
    if (chart.table.published.length) {
      trendTable(tables, T.columns.published, chart.table.published, 2).id = 'pk-trend-published';
    }
    stackable(tables);
  }

  function buildTrend() {
    var T = data.trend;
    document.getElementById('pk-trend-region-label').textContent = W.trend_region;
    document.getElementById('pk-trend-table-summary').textContent = W.pack_trend_table;
    var select = document.getElementById('pk-trend-region');
    var locale = data.pairs[data.initial.scenario + '|' + data.initial.date].map.locale;
    var regions = T.regions.slice(1).sort(function (a, b) { return a[1].localeCompare(b[1], locale); });
    [T.regions[0]].concat(regions).forEach(function (r) { el('option', null, r[1], select).value = r[0]; });
    select.addEventListener('change', function () { state.trendRegion = select.value; drawTrend(); });
    PHONE.addEventListener('change', drawTrend);
    select.disabled = T.regions.length < 2;  // a long history: all of Ukraine only
    var legend = document.getElementById('pk-trend-legend');
    ['ours', 'published', 'gap'].forEach(function (kind) {
      var item = el('li', null, null, legend);
      item.appendChild(legendMark(kind));
      item.appendChild(document.createTextNode(T.legend[kind]));
    });
    drawTrend();
  }

  // --- Controls: native selects, checkboxes and buttons (keyboard-usable) -------------------------

  function buildControls() {
    document.title = data.title;
    document.getElementById('pk-title').textContent = data.title;
    document.getElementById('pk-disclaimer').textContent = W.disclaimer;
    document.getElementById('pk-scenario-label').textContent = W.scenario;
    document.getElementById('pk-date-label').textContent = W.control;
    document.getElementById('pk-layers-label').textContent = W.layers;
    document.getElementById('pk-present').textContent = W.present;
    document.getElementById('pk-print').textContent = W.pack_print;
    document.getElementById('pk-exit').textContent = W.exit_present;
    document.getElementById('pk-map').setAttribute('aria-label', data.title);  // the pair's summary from the first draw on
    document.getElementById('pk-controls').setAttribute('aria-label', W.pack_controls);
    // The panel scrolls on its own: a keyboard reaches it as one stop, named by its heading.
    var panel = document.getElementById('pk-panel');
    panel.setAttribute('tabindex', '0');
    panel.setAttribute('aria-label', W.headline);

    var scenarioSelect = document.getElementById('pk-scenario');
    data.scenarios.forEach(function (sc) {
      var option = el('option', null, (sc.date ? sc.date + ' · ' : '') + sc.headline, scenarioSelect);
      option.value = sc.id;
    });
    var dateSelect = document.getElementById('pk-date');
    data.dates.forEach(function (as_of) { el('option', null, as_of, dateSelect).value = as_of; });
    scenarioSelect.addEventListener('change', function () {
      // As the dashboard: choosing a proposal shows it against its own line, where the pack holds that date.
      state.scenario = scenarioSelect.value;
      var own = byId(data.scenarios, state.scenario).control;
      if (own && data.dates.indexOf(own) >= 0) { state.date = own; }
      apply();
    });
    dateSelect.addEventListener('change', function () { state.date = dateSelect.value; apply(); });
    document.getElementById('pk-since-label').textContent = W.changes_since;
    var sinceSelect = document.getElementById('pk-since'), sinceHelp = W.changes_since_help + ' ' +
      (data.changes.every_pair ? W.pack_changes_pairs_note : W.pack_changes_consecutive_note);
    document.getElementById('pk-since-help').textContent = sinceHelp;
    sinceSelect.title = sinceHelp;
    sinceSelect.addEventListener('change', function () { state.since = sinceSelect.value; apply(); });

    var fieldset = document.getElementById('pk-layers');
    data.layers.forEach(function (layer) {
      var label = el('label', null, null, fieldset);
      var box = el('input', null, null, label);
      box.type = 'checkbox';
      box.checked = state.layers[layer];
      box.setAttribute('data-layer', layer);
      label.appendChild(document.createTextNode(' ' + W['layer_' + layer]));
      box.addEventListener('change', function () { state.layers[layer] = box.checked; apply(); });
    });

    document.getElementById('pk-present').addEventListener('click', function () { setPresent(true); });
    document.getElementById('pk-exit').addEventListener('click', function () { setPresent(false); });
    document.getElementById('pk-print').addEventListener('click', function () { window.print(); });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && state.present) { setPresent(false); }
    });
  }

  function setPresent(on) {
    state.present = on;
    apply();
    fit();
    // Back from presentation view, the keyboard's focus is on the map (one tab stop), where it was shown.
    (on ? document.getElementById('pk-exit') : map.getContainer()).focus();
  }

  // The map is redrawn to the page's size for printing, and back after.
  function relayout() { window.setTimeout(fit, 0); }
  window.addEventListener('beforeprint', function () { fit(); });
  window.addEventListener('afterprint', relayout);
  if (window.matchMedia) {
    var printMedia = window.matchMedia('print');
    var onPrint = function () { fit(); };
    if (printMedia.addEventListener) { printMedia.addEventListener('change', onPrint); }
  }
  window.addEventListener('hashchange', function () { readHash(); apply(); fit(); });

  buildControls();
  readHash();
  apply();
  fit();
  // The trend chart is below the map: drawn after the map's first paint.
  buildTrend();
  window.ClaimsPack = {state: state, apply: apply, map: map};
})();
