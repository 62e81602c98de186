/*
 * Starts every file the map needs as soon as the map's iframe runs its first script (components/offline.py).
 *
 * streamlit-folium loads the map's scripts one after another, then its style sheets, and only then runs the
 * map; without this, each file would be asked for only after the one before it had arrived and run. This
 * script's own address lists the files (?u=...&u=...): for each data file it starts the fetch and leaves the
 * pending response in window.cmPrefetch, where claims-map.js takes it (once) instead of fetching the file
 * again; each script and style sheet (Leaflet's and the map's own) it asks for with <link rel="preload">, so
 * that streamlit-folium's own <script> and <link> find it already loaded. Only the app's own files are asked
 * for: a path that is not one of the app's data files, Leaflet's or the map's own scripts and styles is
 * ignored. Kept tiny and dependency-free: streamlit-folium stops loading the map if any of its scripts fails
 * to load.
 *
 * It also tells the dashboard when the map has painted: the dashboard draws the map and the text above it on a
 * session's first run, and the rest of its page (sidebar, figures) on the run this report starts
 * (components/first_view.py), so that the page's first work is the map's. The report is the map component's value
 * {cm_painted: true}, sent once when claims-map.js fires 'cm-painted'. Should it never come, the page draws
 * itself whole a few seconds later all the same (a timer of the page's own, not of this frame).
 */
(function () {
  'use strict';
  var reported = false;
  function report() {
    if (reported || window.parent === window) { return; }
    reported = true;
    try {
      // Streamlit's own component message (streamlit-component-lib's setComponentValue), from this frame.
      window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
        value: {cm_painted: true}, dataType: 'json'}, '*');
    } catch (e) { /* no page to tell */ }
  }
  document.addEventListener('cm-painted', report);
})();

(function () {
  'use strict';
  var started = window.cmPrefetch = window.cmPrefetch || {};
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var data = /^\/app\/static\/data\/[A-Za-z0-9._-]+\.json$/;
  var code = /^\/app\/static\/(leaflet|map)\/[A-Za-z0-9._-]+\.(js|css)(\?v=[0-9a-f]+)?$/;
  new URL(script.src, window.location.href).searchParams.getAll('u').forEach(function (path) {
    if (data.test(path)) {
      if (started[path] || typeof fetch !== 'function') { return; }
      var pending = started[path] = fetch(path, {credentials: 'same-origin'});
      // Handled here too, so a failure before claims-map.js takes it is not an unhandled rejection; the map
      // still receives it, and says it on the map.
      pending.catch(function () {});
    } else if (code.test(path)) {
      var link = document.createElement('link');
      link.rel = 'preload';
      link.as = /\.css(\?|$)/.test(path) ? 'style' : 'script';
      link.href = path;
      document.head.appendChild(link);
    }
  });
})();
