/*
 * The claims map in the browser: loaded once per map iframe, after Leaflet (components/offline.py).
 *
 * Driven by data only. The base map calls ClaimsMap.base(map, base) once; every run of the app (a
 * toggle) swaps in a feature group that calls ClaimsMap.layers(group, cfg), with cfg holding each
 * part's status and the words and styles to draw it with. Shapes, figures and places are fetched once
 * from the app's own host (static/data/) and kept here, so a toggle restyles what is already drawn.
 *
 * Every text is plain text and reaches the page through textContent, never innerHTML. Every fetch
 * checks the response, and a failure is said on the map in plain words.
 *
 * ClaimsMap.preload(url, data) hands the script data it would otherwise fetch from url (the briefing
 * pack uses it: its data is inline and nothing is fetched).
 *
 * The first view fits Ukraine's bounds on quarter zoom steps with a fixed margin, beside or above the
 * legend (whichever gives the larger zoom; in presentation view beside the title box and the legend, or between
 * them laid out across the map, whichever shows Ukraine larger), so neither covers Ukraine; it is fitted again
 * when the map's size or the legend changes, until the user moves the map.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  // Layers and data live on the iframe across toggles.
  // Leaflet focuses the map on a press (for its keys) with a plain focus(), which makes the page around the map's
  // frame scroll the whole frame into view: where the map is taller than what shows, the page jumps under the pointer
  // and the drag that follows pans the map the wrong way. This focus keeps the page where it is.
  if (window.L && L.Map && L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (this._focused) { return; }
      try { this._map._container.focus({preventScroll: true}); } catch (e) { this._map._container.focus(); }
    };
  }

  var cm = window.cm = window.cm || {data: {}, pending: {}, messages: {}, boxes: {}, seq: 0, cfg: null, map: null};

  // Until the first cfg arrives (it comes in the same render as the base map).
  var FALLBACK_TEXT = {
    map_load_failed: 'The map could not load {what}: {reason}. Reload the page to try again.',
    map_what_context: 'the neighbouring countries and region borders',
    map_what_snapshot: 'the region shapes and figures',
    map_what_places: 'the place names',
    map_reason_status: 'the server answered {status}',
    map_reason_network: 'the app could not be reached',
    map_reason_format: 'the file is not valid map data'
  };

  function words() { return (cm.cfg && cm.cfg.text) || FALLBACK_TEXT; }

  // --- DOM helpers: text goes in as text -----------------------------------------------------

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function svgEl(tag, attrs, parent) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  // --- Numbers in the interface's language ---------------------------------------------------

  var formats = {};
  function formatter(kind) {
    var locale = (cm.cfg && cm.cfg.locale) || 'en-US';
    var key = locale + '|' + kind;
    if (!formats[key]) {
      formats[key] = kind === 'pct'
        ? new Intl.NumberFormat(locale, {style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1})
        : new Intl.NumberFormat(locale, {maximumFractionDigits: 0});
    }
    return formats[key];
  }
  // One rule with the server's Babel formatting (geodata/wording.py): whole numbers with the locale's
  // separators, shares with one decimal rounded half up from the same 4-decimal value, the percent sign
  // written as the catalogue says ('80.7%', '80,7 %'), '<0.1%' for a share that is not 0 but rounds to 0.
  function num(n) { return n === null || n === undefined ? words().n_a : formatter('int').format(n); }
  function percent(x) {
    var sign = words().percent_sign || '%';
    return formatter('pct').formatToParts(x).map(function (part) {
      return part.type === 'percentSign' ? sign : part.value;
    }).join('').replace(/\s+%/, sign);
  }
  function pct(x) {
    if (x === null || x === undefined) { return words().n_a; }
    return x > 0 && x < 0.0005 ? fill(words().less_than || '<{value}', {value: percent(0.001)}) : percent(x);
  }

  // --- Messages on the map ---------------------------------------------------------------------

  function LoadError(reason, status) { this.reason = reason; this.status = status; }

  function reasonText(error) {
    var w = words();
    if (error instanceof LoadError && error.reason === 'status') { return fill(w.map_reason_status, {status: error.status}); }
    if (error instanceof LoadError && error.reason === 'format') { return w.map_reason_format; }
    return w.map_reason_network;
  }

  function renderMessages() {
    var map = cm.map;
    if (!map) { return; }
    var keys = Object.keys(cm.messages);
    if (!keys.length) {
      if (cm.messageControl) { cm.messageControl.remove(); cm.messageControl = null; }
      return;
    }
    if (!cm.messageControl) {
      cm.messageControl = L.control({position: 'topright'});
      cm.messageControl.onAdd = function () {
        var div = L.DomUtil.create('div', 'cm-message');
        div.setAttribute('role', 'alert');
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      cm.messageControl.addTo(map);
    }
    var box = cm.messageControl.getContainer();
    box.textContent = '';
    keys.forEach(function (key) { el('p', null, cm.messages[key](), box); });
  }

  function showFailure(what, error) {
    // Worded when shown, so a language switch rewords it.
    cm.messages[what] = function () {
      var w = words();
      return fill(w.map_load_failed, {what: w['map_what_' + what], reason: reasonText(error)});
    };
    renderMessages();
  }

  function clearFailure(what) {
    if (cm.messages[what]) { delete cm.messages[what]; renderMessages(); }
  }

  // --- Data from the app's own host, fetched once ----------------------------------------------

  function getJSON(url) {
    if (cm.data[url]) { return Promise.resolve(cm.data[url]); }
    if (!cm.pending[url]) {
      // A fetch prefetch.js started for this iframe's first view is taken once; later ones fetch anew.
      var prefetched = window.cmPrefetch && window.cmPrefetch[url];
      if (prefetched) { delete window.cmPrefetch[url]; }
      cm.pending[url] = (prefetched || fetch(url, {credentials: 'same-origin'})).then(function (response) {
        if (!response.ok) {
          throw new LoadError('status', response.status + (response.statusText ? ' ' + response.statusText : ''));
        }
        return response.json().catch(function () { throw new LoadError('format'); });
      }, function () {
        throw new LoadError('network');
      }).then(function (data) {
        if (!data || typeof data !== 'object') { throw new LoadError('format'); }
        cm.data[url] = data;
        delete cm.pending[url];
        return data;
      }, function (error) {
        delete cm.pending[url];  // the next toggle tries again
        throw error;
      });
    }
    return cm.pending[url];
  }

  function preload(url, data) {
    if (!url || !data || typeof data !== 'object') { throw new TypeError('ClaimsMap.preload(url, data): an address and an object'); }
    cm.data[url] = data;
  }

  // settled (optional): called once the data is drawn or its failure said, either way.
  function load(url, inline, what, done, settled) {
    var source = inline ? Promise.resolve(inline) : getJSON(url);
    source.then(function (data) {
      clearFailure(what);
      done(data);
    }, function (error) {
      showFailure(what, error);
    }).catch(function (error) {
      // A drawing error (bad coordinates, say) is said too, not left as a blank map.
      showFailure(what, new LoadError('format'));
      if (window.console) { console.error(error); }
    }).then(settled || function () {});
  }

  // The map says once, as a 'cm-painted' event on its document, that its regions are painted (or that their
  // failure is said on it): a page that holds the map may then draw the rest of itself without slowing the
  // map's first paint (the dashboard does: static/map/prefetch.js). Fired after the next frame is painted.
  function announcePainted() {
    if (cm.paintAnnounced) { return; }
    cm.paintAnnounced = true;
    var fire = function () {
      try { document.dispatchEvent(new CustomEvent('cm-painted')); } catch (e) { /* an old browser: nobody waits */ }
    };
    if (window.requestAnimationFrame) { window.requestAnimationFrame(function () { setTimeout(fire, 0); }); } else { setTimeout(fire, 0); }
  }

  // --- Patterns: each status has its colour and its own marks ----------------------------------

  var MARKS = {
    none: [],
    dots: [['circle', {cx: 2, cy: 2, r: 1.1}], ['circle', {cx: 6, cy: 6, r: 1.1}]],
    cross: [['path', {d: 'M0,0 L8,8 M8,0 L0,8', 'stroke-width': 1.2}]],
    diagonal: [['path', {d: 'M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6', 'stroke-width': 1.4}]],
    backdiagonal: [['path', {d: 'M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2', 'stroke-width': 1.4}]],
    horizontal: [['path', {d: 'M0,4 L8,4', 'stroke-width': 1.4}]],
    vertical: [['path', {d: 'M4,0 L4,8', 'stroke-width': 1.4}]],
    claim: [['path', {d: 'M0,8 L8,0', 'stroke-width': 0.9}]]
  };

  function addPatterns(patterns) {
    if (document.getElementById('cm-patterns')) { return; }
    var svg = svgEl('svg', {id: 'cm-patterns', width: 0, height: 0, 'aria-hidden': 'true'});
    svg.style.position = 'absolute';
    var defs = svgEl('defs', {}, svg);
    Object.keys(patterns).forEach(function (name) {
      var spec = patterns[name], background = spec[0], marks = MARKS[spec[1]] || [], ink = spec[2];
      var pattern = svgEl('pattern', {id: 'cm-p-' + name, patternUnits: 'userSpaceOnUse', width: 8, height: 8}, defs);
      if (background !== 'none') { svgEl('rect', {width: 8, height: 8, fill: background}, pattern); }
      marks.forEach(function (mark) {
        var attrs = L.extend({}, mark[1]);
        attrs[mark[0] === 'circle' ? 'fill' : 'stroke'] = ink;
        svgEl(mark[0], attrs, pattern);
      });
    });
    document.body.appendChild(svg);
  }

  // --- Tooltips: at most 360 px wide (CSS), on the side of the pointer with room, kept inside the map

  var Tip = L.Tooltip.extend({
    _setPosition: function (pos) {
      L.Tooltip.prototype._setPosition.call(this, pos);
      var map = this._map, box = this._container;
      if (!map || !box) { return; }
      var size = map.getSize(), margin = 4;
      var at = map.layerPointToContainerPoint(L.DomUtil.getPosition(box));
      var x = Math.max(margin, Math.min(at.x, size.x - box.offsetWidth - margin));
      var y = Math.max(margin, Math.min(at.y, size.y - box.offsetHeight - margin));
      if (x !== at.x || y !== at.y) {
        L.DomUtil.setPosition(box, map.containerPointToLayerPoint(L.point(x, y)));
      }
    }
  });

  function tip(content, sticky) {
    // direction 'auto': right of the pointer on the map's western half, left of it on the eastern half.
    return new Tip({sticky: !!sticky, direction: 'auto', className: 'cm-tip', opacity: 1}).setContent(content);
  }

  function partTooltip(p) {
    var c = cm.cfg, w = c.text, status = c.statuses[p.region_id + '/' + p.part];
    var box = el('div');
    var name = el('div', 'name', p['name_' + c.lang], box);
    el('span', 'other', ' · ' + p['name_' + c.other], name);
    el('div', null, w.part[p.part], box);
    el('div', 'status', c.labels[status], box);
    var note = c.part_notes && c.part_notes[p.region_id + '/' + p.part];
    if (note) { el('div', 'note', note, box); }
    el('div', null, w.map_area + ': ' + num(Math.round(p.area_km2)) + ' ' + w.unit_km2 + ' (' + pct(p.share) + ' ' + w.map_of_region + ')', box);
    el('div', null, w.map_population + ': ' + num(p.population), box);
    el('div', null, w.map_control + ': ' + pct(p.controlled_share), box);
    if (p.claimed) { el('div', null, fill(w.map_claimed, {date: p.claimed}), box); }
    el('div', 'src', w.sources + ': ' + c.sources, box);
    return box;
  }

  function placeTooltip(p, lines) {
    var c = cm.cfg, box = el('div');
    var name = el('div', 'name', p[c.lang], box);
    if (p[c.other] && p[c.other] !== p[c.lang]) { el('span', 'other', ' · ' + p[c.other], name); }
    lines.forEach(function (line) { el('div', line[0], line[1], box); });
    return box;
  }

  // --- The layers a toggle changes ----------------------------------------------------------------

  function styleOf(f) { return cm.cfg.styles[cm.cfg.statuses[f.id]]; }

  function drop(name) { if (cm[name]) { cm[name].layer.remove(); cm[name] = null; } }

  // The map is one tab stop (Leaflet's keyboard pan and zoom): its shapes and markers are not tab stops of
  // their own (Chromium makes every interactive SVG shape one: about 140 on the national map).
  function untab(map) {
    Array.prototype.forEach.call(map.getContainer().querySelectorAll('path.leaflet-interactive, .leaflet-marker-icon'), function (node) {
      node.setAttribute('tabindex', '-1');
      node.setAttribute('focusable', 'false');
    });
  }

  function syncSnapshot(map, data, key) {
    if (cm.fills && cm.fills.key === key) {
      cm.fills.layer.eachLayer(function (l) {
        l.setStyle(styleOf(l.feature));
        if (l.isTooltipOpen()) { l.getTooltip().update(); }
      });
    } else {
      drop('fills'); drop('claims'); drop('line');
      var fills = L.geoJson(data.parts, {
        pane: 'fills', style: styleOf,
        onEachFeature: function (f, layer) {
          // Built when shown, from the cfg of the moment.
          layer.bindTooltip(tip(function () { return partTooltip(f.properties); }, true));
          layer.on('mouseover', function () { layer.setStyle({weight: 2, color: '#000000'}); });
          layer.on('mouseout', function () { layer.setStyle(styleOf(f)); });
        }
      }).addTo(map);
      cm.fills = {key: key, layer: fills};
    }
    if (!cm.cfg.layers.claims) { drop('claims'); }
    else if (!cm.claims || cm.claims.key !== key) {
      drop('claims');
      cm.claims = {key: key, layer: L.geoJson(data.parts, {
        pane: 'claims', interactive: false,
        filter: function (f) { return f.properties.part === 'ukrainian_held' && f.properties.claimed; },
        style: function () { return cm.cfg.claim_style; }
      }).addTo(map)};
    }
    if (!cm.cfg.layers.line) { drop('line'); }
    else if (!cm.line || cm.line.key !== key) {
      drop('line');
      cm.line = {key: key, layer: L.geoJson(data.line, {
        pane: 'line', interactive: false, style: function () { return cm.cfg.line_style; }
      }).addTo(map)};
    }
    untab(map);
  }

  function label(p, className, size, anchor, priority) {
    var div = el('div', className, p[cm.cfg.lang]);
    div.setAttribute('data-priority', String(priority));
    return L.marker([p.lat, p.lon], {interactive: false, keyboard: false, icon: L.divIcon({
      className: '', iconSize: size, iconAnchor: anchor, html: div
    })});
  }

  // Names that would overlap one another are left out, by priority (the capital and regional centres,
  // then the other named places by population, then region names), as the figures leave them out;
  // redone at every zoom. A name the title box or the legend would cover is left out too. A name never crosses
  // the map's edge (in a comparison, the other panel's): a town's name moves to the left of its dot where that
  // keeps it inside, else it is left out too.
  function textBox(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var r = range.getBoundingClientRect();
    return {left: r.left - 2, top: r.top - 1, right: r.right + 2, bottom: r.bottom + 1};
  }

  function declutter() {
    var map = cm.map;
    if (!map) { return; }
    var frame = map.getContainer().getBoundingClientRect();
    var inside = function (b) { return b.left >= frame.left && b.right <= frame.right && b.top >= frame.top && b.bottom <= frame.bottom; };
    var nodes = Array.prototype.slice.call(map.getContainer().querySelectorAll('.cm-label'));
    nodes.forEach(function (node) { node.classList.remove('cm-crowded', 'cm-west'); });
    nodes.sort(function (a, b) { return Number(b.getAttribute('data-priority')) - Number(a.getAttribute('data-priority')); });
    // The title box and the legend count as taken: a name is never drawn under them.
    var taken = Array.prototype.map.call(map.getContainer().querySelectorAll('.cm-titlebox, .cm-legend'), function (box) {
      return box.getBoundingClientRect();
    });
    nodes.forEach(function (node) {
      if (node.offsetParent === null) { return; }  // hidden at this zoom
      var box = textBox(node);
      if (!inside(box) && node.classList.contains('city')) { node.classList.add('cm-west'); box = textBox(node); }
      var hit = !inside(box) || taken.some(function (t) {
        return box.left < t.right && t.left < box.right && box.top < t.bottom && t.top < box.bottom;
      });
      if (hit) { node.classList.add('cm-crowded'); } else { taken.push(box); }
    });
  }

  function syncPlaces(map, places, key) {
    if (cm.places && cm.places.key === key) { return; }
    drop('places');
    var c = cm.cfg, layer = L.layerGroup();
    if (c.layers.labels) {
      // A region whose name a settlement label gives ("always", or while settlements are drawn) has no region label.
      var hidden = c.hide_region_labels || {};
      places.labels.forEach(function (p) {
        var when = hidden[p.id];
        if (when === 'always' || (when === 'settlements' && c.layers.settlements)) { return; }
        var renamed = c.region_label_names && c.region_label_names[p.id];
        if (renamed) { p = L.extend({}, p); p[c.lang] = renamed; }
        label(p, 'cm-label region', [120, 16], [60, 8], -1).addTo(layer);  // after every named place
      });
    }
    if (c.layers.settlements) {
      places.settlements.forEach(function (p) {
        L.circleMarker([p.lat, p.lon], {radius: p.major ? 4 : 2.5, color: '#000000', weight: 1, fillColor: '#ffffff', fillOpacity: 1})
          .bindTooltip(tip(function () {
            return placeTooltip(p, [[null, num(p.population) + ' (' + p.source + ')']]);
          }))
          .addTo(layer);
        if (p.labelled) {
          label(p, 'cm-label city' + (p.major ? '' : ' minor'), [110, 14], [-5, 7], (p.major ? 3e7 : 0) + (p.population || 0)).addTo(layer);
        }
      });
    }
    if (c.layers.assets) {
      places.assets.forEach(function (p) {
        L.marker([p.lat, p.lon], {keyboard: false, icon: L.divIcon({
          className: '', iconSize: [16, 16], iconAnchor: [8, 8], html: el('div', 'cm-asset', c.asset_symbols[p.kind] || '●')
        })})
          .bindTooltip(tip(function () { return placeTooltip(p, [[null, p.note], ['src', p.source]]); }))
          .addTo(layer);
      });
    }
    cm.places = {key: key, layer: layer.addTo(map)};
    untab(map);
    declutter();
  }

  // --- Changes since a date: what Russia gained and lost, drawn over the fills (geodata/changes.py) --------
  // Hatching of their own colour and no fill of their own, so the status beneath still shows; gained and lost
  // differ in colour, hatch direction and outline (solid, dashed). Redrawn only when the dates or shapes change.

  var CHANGE_MARKS = {gained: 'M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6', lost: 'M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2'};

  function syncChanges(map, c) {
    var key = c ? JSON.stringify([c.from, c.to, c.styles, c.text, c.geojson.features.length]) : null;
    if (cm.changes && cm.changes.key === key) { return; }
    drop('changes');
    if (!c) { return; }
    if (!document.getElementById('cm-change-patterns')) {
      var svg = svgEl('svg', {id: 'cm-change-patterns', width: 0, height: 0, 'aria-hidden': 'true'});
      svg.style.position = 'absolute';
      var defs = svgEl('defs', {}, svg);
      Object.keys(CHANGE_MARKS).forEach(function (kind) {
        var pattern = svgEl('pattern', {id: 'cm-p-change-' + kind, patternUnits: 'userSpaceOnUse', width: 8, height: 8}, defs);
        svgEl('path', {d: CHANGE_MARKS[kind], stroke: c.styles[kind].color, 'stroke-width': 2}, pattern);
      });
      document.body.appendChild(svg);
    }
    cm.changes = {key: key, layer: L.geoJson(c.geojson, {
      pane: 'claims',
      style: function (f) { return c.styles[f.properties.kind]; },
      onEachFeature: function (f, layer) {
        layer.options.className = 'cm-change cm-change-' + f.properties.kind;
        layer.bindTooltip(tip(function () {
          return el('div', null, fill(c.text[f.properties.kind], {area: num(f.properties.area_km2)}));
        }, true));
      }
    }).addTo(map)};
  }

  // --- Legend and title box: controls that come and go with the toggle's feature group -----------

  function boxControl(position, className, build) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', className);
      build(div);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control;
  }

  function swatch(key, c) {
    var svg = svgEl('svg', {width: 26, height: 16});
    if (key === 'settlement') {
      svgEl('circle', {cx: 13, cy: 8, r: 4, fill: '#ffffff', stroke: '#000000', 'stroke-width': 1}, svg);
    } else if (key === 'line') {
      svgEl('line', {x1: 1, y1: 8, x2: 25, y2: 8, stroke: c.line_style.color || '#000000', 'stroke-width': 3}, svg);
    } else if (key === 'claim') {
      svgEl('rect', {x: 1.5, y: 1.5, width: 23, height: 13, fill: c.claim_style.fillColor, stroke: c.claim_style.color,
        'stroke-width': 2, 'stroke-dasharray': '4 3'}, svg);
    } else {
      svgEl('rect', {x: 0.5, y: 0.5, width: 25, height: 15, fill: c.styles[key].fillColor, stroke: '#555555'}, svg);
    }
    return svg;
  }

  function buildLegend(div, c) {
    if (c.legend.title) { el('div', 'head', c.legend.title, div); }
    c.legend.rows.forEach(function (row) {
      // The claims' hatch and the line are in the legend while their layer is drawn.
      if ((row[0] === 'claim' && !c.layers.claims) || (row[0] === 'line' && !c.layers.line)) { return; }
      var line = el('div', 'row', null, div);
      line.setAttribute('data-status', row[0]);
      line.appendChild(swatch(row[0], c));
      line.appendChild(document.createTextNode(row[1]));
      var note = c.legend.notes && c.legend.notes[row[0]];
      if (note) {
        // The proposal's own qualification of the status: a smaller line under the row (claims-map.css).
        el('div', 'note', note, div).setAttribute('data-status', row[0]);
      }
    });
    // The symbols drawn on the map: settlements and each kind of key asset.
    if (c.layers.settlements && c.text.legend_settlement) {
      var town = el('div', 'row', null, div);
      town.setAttribute('data-status', 'settlement');
      town.appendChild(swatch('settlement', c));
      town.appendChild(document.createTextNode(c.text.legend_settlement));
    }
    if (c.layers.assets && c.text.assets) {
      if (c.text.legend_key_asset) { el('div', 'sub-head', c.text.legend_key_asset, div); }
      var grid = el('div', 'assets', null, div);
      Object.keys(c.asset_symbols).forEach(function (kind) {
        var item = el('div', 'asset-row', null, grid);
        item.setAttribute('data-asset', kind);
        el('span', 'cm-asset', c.asset_symbols[kind], item);
        item.appendChild(document.createTextNode(c.text.assets[kind] || kind));
      });
    }
  }

  function buildTitleBox(div, box) {
    el('div', 'title', box.title, div);
    if (box.heading) { el('div', 'heading', box.heading, div); }
    box.lines.forEach(function (text) { el('div', 'sub', text, div); });
    el('div', 'src disclaimer', box.disclaimer, div);
    el('div', 'src sources', box.sources, div);
  }

  // --- Entry points ---------------------------------------------------------------------------------

  // --- The first view: Ukraine beside or above the legend, never under it -----------------------------

  // The room the boxes in a left corner take, measured from the map's edges (a box under the zoom buttons
  // reaches as far down as its own bottom edge); the zoom buttons alone take none.
  function cornerBox(map, corner) {
    var node = map.getContainer().querySelector('.leaflet-' + corner.replace('-', '.leaflet-'));
    var frame = map.getContainer().getBoundingClientRect(), top = corner.indexOf('top') === 0;
    var width = 0, height = 0;
    if (node) {
      Array.prototype.forEach.call(node.children, function (child) {
        if (child.offsetParent === null || child.classList.contains('leaflet-control-zoom')) { return; }
        var box = child.getBoundingClientRect(), style = getComputedStyle(child);
        width = Math.max(width, box.right - frame.left);
        height = Math.max(height, top ? box.bottom - frame.top + (parseFloat(style.marginBottom) || 0)
          : frame.bottom - box.top + (parseFloat(style.marginTop) || 0));
      });
    }
    return {width: width, height: height};
  }

  // The title box (top left) and the legend (bottom left) never overlap: where the map is too short for both,
  // it leaves out first the title box's disclaimer (the page around the map says it), then the legend's notes
  // (the tooltips carry them), so title, scenario, line, source and every legend row stay readable.
  var CROWDED = ['cm-crowded-1', 'cm-crowded-2'];
  function boxesOverlap(container) {
    var title = container.querySelector('.cm-titlebox'), legend = container.querySelector('.cm-legend');
    if (!title || !legend) { return false; }
    var a = title.getBoundingClientRect(), b = legend.getBoundingClientRect();
    return a.height > 0 && b.height > 0 && a.bottom + 4 > b.top && a.left < b.right && b.left < a.right;
  }
  function uncrowd(map) {
    var container = map.getContainer();
    CROWDED.forEach(function (name) { container.classList.remove(name); });
    for (var i = 0; i < CROWDED.length && boxesOverlap(container); i++) { container.classList.add(CROWDED[i]); }
  }

  // The best view for the boxes as they are laid out now: beside the controls on the left, or (where that gives the
  // larger zoom: a phone, a presentation map laid out across) between those at the top and the bottom.
  function bestFit(map, size, bounds, m, right) {
    uncrowd(map);
    var top = cornerBox(map, 'top-left'), bottom = cornerBox(map, 'bottom-left');
    var side = Math.max(top.width, bottom.width);
    var options = [
      {paddingTopLeft: [side + m, m], paddingBottomRight: [right + m, m]},
      {paddingTopLeft: [m, top.height + m], paddingBottomRight: [m, bottom.height + m]}
    ];
    var best = null, bestZoom = -Infinity;
    options.forEach(function (option) {
      var pad = L.point(option.paddingTopLeft).add(option.paddingBottomRight);
      if (pad.x >= size.x || pad.y >= size.y) { return; }
      var zoom = map.getBoundsZoom(bounds, false, pad);
      if (zoom > bestZoom) { bestZoom = zoom; best = option; }
    });
    return {option: best, zoom: bestZoom, key: [size.x, size.y, top.width, top.height, bottom.width, bottom.height, m, right].join('|')};
  }

  // Presentation view lays the boxes out in the left corners (beside Ukraine) or across the map (the title box along
  // the top, the legend along the bottom, each the map's width in two columns: .cm-across in claims-map.css),
  // whichever shows Ukraine larger: across in one half of a comparison, beside on a whole wide screen (a tie keeps
  // them beside). Every text stays in either layout.
  function chooseLayout(map, size, bounds, m, right, fit) {
    var container = map.getContainer(), across = container.classList.contains('cm-across');
    container.classList.toggle('cm-across', !across);
    var other = bestFit(map, size, bounds, m, right);
    if (across ? other.zoom >= fit.zoom : other.zoom > fit.zoom) { return other; }
    container.classList.toggle('cm-across', across);
    return bestFit(map, size, bounds, m, right);
  }

  function fitView() {
    var map = cm.map, b = cm.base;
    if (map) { uncrowd(map); }
    if (!map || !b || !b.fit || cm.userMoved) { if (map) { declutter(); } return; }  // the boxes may have moved: names too
    var size = map.getSize();
    if (!size.x || !size.y) { return; }
    var m = b.margin || 8, bounds = L.latLngBounds(b.bounds);
    // The zoom buttons sit in the top-right corner: Ukraine beside the boxes keeps clear of them too.
    var zoomButtons = map.zoomControl && map.zoomControl.getContainer();
    var right = zoomButtons && zoomButtons.offsetParent !== null ? zoomButtons.offsetWidth + 10 : 0;
    var fit = bestFit(map, size, bounds, m, right);
    // Fitted already for this size and these boxes (a toggle that left the legend as it was): the view is the
    // same, and fitting again would redraw every shape for nothing.
    if (fit.key === cm.fitKey) { return; }
    if (b.present) { fit = chooseLayout(map, size, bounds, m, right, fit); }
    if (!fit.option || !isFinite(fit.zoom)) { return; }  // no room yet (a frame still being laid out): fitted on the next resize
    cm.fitting = true;
    try { map.fitBounds(bounds, L.extend({animate: false}, fit.option)); } finally { cm.fitting = false; }
    cm.fitKey = fit.key;
    declutter();
  }

  // --- Scale bar: metric only, in the interface's words ------------------------------------------------

  var Scale = L.Control.Scale.extend({
    _updateScale: function (scale, text, ratio) {
      var w = words();
      text = String(text).replace(/ km$/, ' ' + (w.unit_km || 'km')).replace(/ m$/, ' ' + (w.unit_m || 'm'));
      L.Control.Scale.prototype._updateScale.call(this, scale, text, ratio);
    }
  });

  // --- Presentation view: Esc leaves it (in the map and on the page around it) -------------------------

  function leavePresentation() {
    try {
      var top = window.parent || window, url = new URL(top.location.href);
      url.searchParams.set('present', '0');
      // The page that opens next gives the keyboard's focus back to the map (base(), below).
      try { top.sessionStorage.setItem('cm-focus-map', '1'); } catch (e) { /* storage off: focus starts at the top */ }
      if (top === window) { window.location.assign(url.toString()); return; }
      // The map's frame is sandboxed without top navigation: the page itself is asked to load the link
      // (a function of its own, run by its own timer), which opens the same view without presentation.
      top.setTimeout(new top.Function('address', 'window.location.assign(address);'), 0, url.toString());
    } catch (e) { /* a page we may not navigate: nothing to do */ }
  }

  function watchEscape() {
    function onKey(event) { if (event.key === 'Escape' || event.key === 'Esc') { leavePresentation(); } }
    document.addEventListener('keydown', onKey);
    try {
      if (window.parent && window.parent !== window && window.parent.document) {
        var parentDoc = window.parent.document;
        if (parentDoc.__cmEscape) { parentDoc.removeEventListener('keydown', parentDoc.__cmEscape, true); }
        parentDoc.__cmEscape = onKey;
        parentDoc.addEventListener('keydown', onKey, true);
      }
    } catch (e) { /* another origin: Esc works inside the map */ }
  }

  // --- A tile basemap that cannot be loaded: say so, and draw the neighbours from the map's own data ---

  function drawNeighbours(map, b) {
    if (cm.neighboursDrawn || !cm.context) { return; }
    cm.neighboursDrawn = true;
    L.geoJson(cm.context.neighbours, {pane: 'context', interactive: false, style: function () { return b.neighbour_style; }}).addTo(map);
  }

  function watchTiles(map, b) {
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      layer.on('tileerror', function () {
        if (cm.tilesFailed) { return; }
        cm.tilesFailed = true;
        cm.messages.tiles = function () { return words().map_tiles_failed || 'The tile basemap could not be loaded.'; };
        renderMessages();
        cm.wantNeighbours = true;
        drawNeighbours(map, b);
      });
    });
  }

  // --- Entry points ---------------------------------------------------------------------------------

  function base(map, b) {
    cm.map = map;
    cm.base = b;
    // The title box and the legend take the left corners; the zoom buttons go to the right, over Russia.
    if (map.zoomControl) { map.zoomControl.setPosition('topright'); }
    cm.userMoved = false;
    cm.fitKey = null;
    map.getContainer().style.background = b.sea;
    map.getContainer().classList.toggle('cm-present', !!b.present);
    if (!b.present) { map.getContainer().classList.remove('cm-across'); }  // the layout across is presentation view's
    if (b.present) { map.invalidateSize({pan: false}); }  // the container now fills its frame (claims-map.css)
    Object.keys(b.panes || {}).forEach(function (name) {
      if (!map.getPane(name)) { map.createPane(name).style.zIndex = String(b.panes[name]); }
    });
    addPatterns(b.patterns);
    cm.scale = new Scale({position: 'bottomleft', metric: true, imperial: false, maxWidth: 140}).addTo(map);
    // Any move the user makes (drag, wheel, keys, buttons) keeps their view from then on.
    map.on('zoomstart movestart', function () { if (!cm.fitting) { cm.userMoved = true; } });
    map.on('resize', fitView);
    // The legend and title box change size when their styles arrive (loaded beside this script) and
    // when a toggle rewords them: the first view follows, until the user moves the map.
    if (window.ResizeObserver) {
      // The container too: its size may change by style alone (presentation view), with no window resize.
      new ResizeObserver(function () { map.invalidateSize({pan: false}); }).observe(map.getContainer());
      var observer = new ResizeObserver(function () { fitView(); });
      ['.leaflet-top.leaflet-left', '.leaflet-bottom.leaflet-left'].forEach(function (selector) {
        var corner = map.getContainer().querySelector(selector);
        if (corner) { observer.observe(corner); }
      });
    }
    window.addEventListener('load', fitView);
    fitView();
    // Front-line town labels crowd the national view: shown from zoom b.label_zoom on.
    function zoomClass() {
      map.getContainer().classList.toggle('cm-zoom-low', map.getZoom() < b.label_zoom);
      declutter();
    }
    map.on('zoomend', zoomClass);
    // The title box and the legend stay put while the map moves under them: a name they hid may come out from under.
    map.on('moveend', function () { declutter(); });
    zoomClass();
    if (b.present) { watchEscape(); }
    focusAfterPresentation(map, b);
    // The map's page lets people zoom it on a phone (folium's page says maximum-scale=1, user-scalable=no).
    var viewport = document.querySelector('meta[name=viewport]');
    if (viewport && /user-scalable=no|maximum-scale/.test(viewport.content)) { viewport.content = 'width=device-width, initial-scale=1.0'; }
    if (b.tiles) { watchTiles(map, b); }
    // The context never changes: fetched once.
    load(b.context_url, null, 'context', function (d) {
      cm.context = d;
      if (b.neighbours || cm.wantNeighbours) { drawNeighbours(map, b); }
      L.geoJson(d.borders, {pane: 'borders', interactive: false, style: function () { return b.border_style; }}).addTo(map);
    });
  }

  // The legend and the title box are kept across toggles while what they show is the same (most toggles
  // change a fill, not the legend): no new DOM, no new layout, no refit.
  function syncBox(map, name, key, build) {
    var box = cm.boxes[name];
    if (box && box.key === key && box.control._map === map) { return; }
    if (box) { box.control.remove(); }
    cm.boxes[name] = null;
    if (key === null) { return; }
    cm.boxes[name] = {key: key, control: build().addTo(map)};
  }

  function dropBoxes() {
    Object.keys(cm.boxes).forEach(function (name) {
      if (cm.boxes[name]) { cm.boxes[name].control.remove(); }
      cm.boxes[name] = null;
    });
  }

  // The map's text alternative (scenario, line date, headline figures), renewed on every toggle: on the map
  // (one tab stop, a named region) and on the frame that holds it in the dashboard.
  function describe(map, cfg) {
    var node = map.getContainer();
    if (!cfg.summary) { return; }
    node.setAttribute('role', 'region');
    node.setAttribute('aria-label', cfg.summary);
    try {
      var frame = window.frameElement;
      // aria-label names the frame for a screen reader; its title stays (the page's styles find the frame by it).
      if (frame) { frame.setAttribute('aria-label', cfg.summary); }
    } catch (e) { /* a frame of another origin names itself */ }
  }

  function focusAfterPresentation(map, b) {
    try {
      var top = window.parent || window;
      if (b.present || top.sessionStorage.getItem('cm-focus-map') !== '1') { return; }
      top.sessionStorage.removeItem('cm-focus-map');
      if (window.frameElement) { window.frameElement.focus(); }
      map.getContainer().focus();
    } catch (e) { /* nothing to do */ }
  }

  function layers(group, cfg) {
    var legendKey = JSON.stringify([cfg.legend, cfg.layers, cfg.styles, cfg.line_style, cfg.claim_style, cfg.asset_symbols,
      cfg.text.legend_settlement, cfg.text.legend_key_asset, cfg.text.assets]);
    group.on('add', function () {
      var map = group._map, seq = ++cm.seq;
      cm.map = map;
      cm.cfg = cfg;
      describe(map, cfg);
      syncBox(map, 'legend', legendKey, function () {
        return boxControl('bottomleft', 'cm-legend', function (div) { buildLegend(div, cfg); });
      });
      syncBox(map, 'titlebox', cfg.titlebox ? JSON.stringify(cfg.titlebox) : null, function () {
        return boxControl('topleft', 'cm-titlebox', function (div) { buildTitleBox(div, cfg.titlebox); });
      });
      syncChanges(map, cfg.changes);
      if (cm.scale) { cm.scale._update(); }  // reworded in the language of the moment
      renderMessages();
      fitView();
      var snapshotKey = cfg.snapshot_url || ('inline:' + cfg.snapshot_key);
      load(cfg.snapshot_url, cfg.snapshot_inline, 'snapshot', function (data) {
        if (seq === cm.seq) { syncSnapshot(map, data, snapshotKey); }
      }, announcePainted);
      var placesKey = [cfg.lang, cfg.layers.labels, cfg.layers.settlements, cfg.layers.assets].join('|');
      load(cfg.places_url, null, 'places', function (places) {
        if (seq === cm.seq) { syncPlaces(map, places, placesKey); }
      });
    });
    // A toggle removes this group and adds the next one in the same task: the boxes go only if none follows.
    group.on('remove', function () {
      var seq = cm.seq;
      setTimeout(function () { if (cm.seq === seq) { dropBoxes(); } }, 0);
    });
  }

  // fit(true): fit Ukraine again even after the user has moved the map (the pack's presentation view, printing).
  function fit(force) {
    if (force) { cm.userMoved = false; cm.fitKey = null; }
    fitView();
  }

  // format: how the map writes a number (the tests hold it to geodata.wording's Babel formatting, figure by figure).
  window.ClaimsMap = {base: base, layers: layers, preload: preload, fit: fit, format: {num: num, pct: pct}};
})();
