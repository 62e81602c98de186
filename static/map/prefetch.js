/*
 * Starts the map's data fetches as soon as the map's iframe runs its first script (components/offline.py).
 *
 * streamlit-folium loads the map's scripts one after another, so without this the data files would be asked
 * for only after Leaflet and claims-map.js had arrived and run. This script's own address carries the data
 * files' paths (?u=...&u=...); it starts each fetch and leaves the pending response in window.cmPrefetch,
 * where claims-map.js takes it (once) instead of fetching the file again. Only the app's own data files are
 * fetched: a path that is not under /app/static/data/ is ignored. Kept tiny and dependency-free: streamlit-folium
 * stops loading the map if any of its scripts fails to load.
 */
(function () {
  'use strict';
  var started = window.cmPrefetch = window.cmPrefetch || {};
  var script = document.currentScript;
  if (!script || !script.src || typeof fetch !== 'function') { return; }
  var own = /^\/app\/static\/data\/[A-Za-z0-9._-]+\.json$/;
  new URL(script.src, window.location.href).searchParams.getAll('u').forEach(function (path) {
    if (own.test(path) && !started[path]) {
      var pending = started[path] = fetch(path, {credentials: 'same-origin'});
      // Handled here too, so a failure before claims-map.js takes it is not an unhandled rejection; the map
      // still receives it, and says it on the map.
      pending.catch(function () {});
    }
  });
})();
