/* The atlas map: Leaflet loaded once, layers updated in place from each render's arguments.
 *
 * Streamlit's component protocol is spoken directly (postMessage), so no build step and
 * nothing from the internet. Text from the data is only ever set with textContent.
 */
(function () {
  "use strict";
  var state = {map: null, ready: null, shapes: {}, shapeLayer: null, shapeUrl: null, actions: null,
               legend: null, legendKey: null, boundsKey: null, args: null, clicks: 0, renders: 0,
               overseas: null, overseasKey: null};
  var box = document.getElementById("carte");

  function send(type, data) {
    var message = {isStreamlitMessage: true, type: type};
    for (var k in data) { message[k] = data[k]; }
    window.parent.postMessage(message, "*");
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url; s.async = false;  /* downloaded in parallel, run in the order inserted */
      s.onload = resolve; s.onerror = function () { reject(new Error(url)); };
      document.head.appendChild(s);
    });
  }

  function loadLibraries(libs) {
    libs.css.forEach(function (url) {
      var l = document.createElement("link"); l.rel = "stylesheet"; l.href = url; document.head.appendChild(l);
    });
    return Promise.all(libs.js.map(loadScript));
  }

  function line(parent, tag, text) {
    var el = document.createElement(tag); el.textContent = text; parent.appendChild(el);
    parent.appendChild(document.createElement("br")); return el;
  }

  /* A link that works in a new tab and, on a plain click, asks the page to follow it. */
  function link(parent, href, text, value) {
    var a = document.createElement("a");
    a.href = href; a.target = "_blank"; a.rel = "noopener"; a.textContent = text;
    a.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
      if (state.embedded && (value.action !== undefined || value.profil !== undefined)) { return; }  /* partner's page: a new tab */
      event.preventDefault();
      choose(value);
    });
    parent.appendChild(a);
  }

  /* Tell the page what was clicked (a popup link or a shape), with a click counter. */
  function choose(value) {
    state.clicks += 1;
    value.n = state.clicks;
    send("streamlit:setComponentValue", {value: value, dataType: "json"});
  }

  function styleOf(feature) {
    var a = state.args, c = a.choropleth, code = feature.properties.code;
    var missing = c && !(code in c.colors);
    return {
      fillColor: c ? (c.colors[code] || c.noData) : a.base, fillOpacity: 1,
      color: code === a.selected ? "#b3261e" : "#6b6b6b",
      weight: code === a.selected ? 2.5 : 0.7, dashArray: missing ? "3 3" : null
    };
  }

  function tooltipOf(layer) {
    var a = state.args, c = a.choropleth, p = layer.feature.properties;
    var tip = document.createElement("div");
    tip.textContent = p.nom + (c ? " : " + (c.texts[p.code] || a.texts.absent) : "");
    if (a.level && a.texts.select) {  /* the home map: a click selects the territory */
      tip.appendChild(document.createElement("br"));
      var hint = document.createElement("small"); hint.textContent = a.texts.select; tip.appendChild(hint);
    }
    return tip;
  }

  /* Integers of an encoded polyline (Google's algorithm: 5-bit groups, zigzag sign). */
  function unpolyline(text) {
    var values = [], result = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var b = text.charCodeAt(i) - 63;
      result |= (b & 31) << shift; shift += 5;
      if (b < 32) { values.push(result & 1 ? ~(result >> 1) : result >> 1); result = 0; shift = 0; }
    }
    return values;
  }

  /* The arcs of a shapes file (geo/topology.py): grid integers, each point the difference to the
     previous one (an arc starts from the end of the previous arc). */
  function decodeArcs(encoded, q) {
    var x = 0, y = 0;
    return encoded.map(function (text) {
      var values = unpolyline(text), points = [];
      for (var k = 0; k < values.length; k += 2) { x += values[k]; y += values[k + 1]; points.push([x / q, y / q]); }
      return points;
    });
  }

  /* The shapes file (geo/webfiles.py) back to GeoJSON: a ring lists its arcs (~i = arc i
     backwards), as differences between successive indices, chained over the whole file. */
  function decodeShapes(data) {
    var arcs = decodeArcs(data.a, data.q), last = 0;
    function ring(text) {
      var steps = unpolyline(text), out = [];
      for (var n = 0; n < steps.length; n++) {
        last += steps[n];
        var pts = last >= 0 ? arcs[last] : arcs[~last].slice().reverse();
        for (var k = n ? 1 : 0; k < pts.length; k++) { out.push(pts[k]); }
      }
      return out;
    }
    return {type: "FeatureCollection", features: data.f.map(function (f) {
      return {type: "Feature", properties: {code: f[0], nom: f[1]},
              geometry: {type: "MultiPolygon", coordinates: f[2].map(function (p) { return p.map(ring); })}};
    })};
  }

  function shapesFor(url) {
    if (!state.shapes[url]) {
      state.shapes[url] = fetch(url).then(function (r) { return r.json(); }).then(decodeShapes);
    }
    return state.shapes[url];
  }

  function drawShapes(url) {
    if (url === state.shapeUrl && state.shapeLayer) {
      state.shapeLayer.setStyle(styleOf);
      return Promise.resolve();
    }
    state.shapeUrl = url;
    return shapesFor(url).then(function (data) {
      if (url !== state.shapeUrl) { return; }
      if (state.shapeLayer) { state.map.removeLayer(state.shapeLayer); }
      var layer = L.geoJSON(data, {
        style: styleOf,
        onEachFeature: function (f, l) {
          l.bindTooltip(tooltipOf, {sticky: true});
          l.on("mouseover", function () { l.setStyle({weight: 2, color: "#1f4e79"}); });
          l.on("mouseout", function () { layer.resetStyle(l); });
          l.on("click", function () {
            if (state.args.level) { choose({territoire: [state.args.level, f.properties.code]}); }
          });
        }
      });
      layer.addTo(state.map);
      layer.eachLayer(function (l) {
        var el = l.getElement && l.getElement();
        if (el) { el.setAttribute("data-code", l.feature.properties.code); }
      });
      layer.bringToBack();
      state.shapeLayer = layer;
      box.setAttribute("data-atlas-shapes", String(layer.getLayers().length));
    });
  }

  /* A point: [lat, lon, id, title, place, years, methods], the last three positions in
     the lookup lists sent once per render (places: [label], or [label, level, code] when the
     place links to its profile, whose address is the profileUrl template). */
  function profileUrl(level, code) {
    return state.args.profileUrl.replace("{level}", encodeURIComponent(level)).replace("{code}", encodeURIComponent(code));
  }

  function pointMarker(p, icon, texts, lookup) {
    var m = L.marker([p[0], p[1]], {icon: icon, title: p[3], alt: p[3]});
    m.bindPopup(function () {
      var div = document.createElement("div"), place = lookup.places[p[4]] || [""];
      var years = lookup.years[p[5]] || "", methods = lookup.methods[p[6]] || "";
      div.className = "atlas-popup"; div.lang = "fr";
      line(div, "strong", p[3]);
      if (place.length === 3) {  /* the home map: the place is a link to its profile */
        link(div, profileUrl(place[1], place[2]), place[0], {profil: [place[1], place[2]]});
        line(div, "span", " · " + years);
      } else {
        line(div, "span", place[0] + " · " + years);
      }
      line(div, "em", methods);
      link(div, "/action?id=" + encodeURIComponent(p[2]), texts.link, {action: p[2]});
      return div;
    }, {maxWidth: 320});
    return m;
  }

  function countMarker(c, texts) {
    var size = Math.round(22 + 8 * Math.log10(1 + c.count));
    var m = L.marker([c.lat, c.lon], {
      icon: L.divIcon({html: String(Number(c.count)), className: "atlas-count", iconSize: [size, size]}),
      title: c.label + " : " + c.count, alt: c.label + " : " + c.count
    });
    m.bindPopup(function () {
      var div = document.createElement("div"); div.className = "atlas-popup"; div.lang = "fr";
      line(div, "strong", c.label);
      line(div, "span", c.text || texts.count.replace("{n}", c.count));
      link(div, c.href, texts.zoom, {territoire: [c.level, c.code]});
      if (c.profile) {
        div.appendChild(document.createElement("br"));
        link(div, c.profile, texts.profile, {profil: [c.level, c.code]});
      }
      return div;
    });
    return m;
  }

  function drawActions(a) {
    if (state.actions) { state.map.removeLayer(state.actions); }
    var layer;
    if (a.points.length) {
      layer = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false});
      var icon = L.divIcon({html: '<div class="atlas-marker"></div>', className: "atlas-icon",
                            iconSize: [18, 18], iconAnchor: [9, 9]});
      layer.addLayers(a.points.map(function (p) { return pointMarker(p, icon, a.texts, a.lookup); }));
    } else {
      layer = L.layerGroup(a.counts.map(function (c) { return countMarker(c, a.texts); }));
    }
    layer.addTo(state.map);
    state.actions = layer;
    box.setAttribute("data-atlas-markers", String(a.points.length || a.counts.length));
  }

  function drawLegend(c) {
    var key = c ? JSON.stringify(c.legend) : null;
    if (key === state.legendKey) { return; }
    state.legendKey = key;
    if (state.legend) { state.map.removeControl(state.legend); state.legend = null; }
    if (!c) { return; }
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var g = c.legend, div = document.createElement("div");
      div.className = "atlas-legende"; div.lang = "fr"; div.setAttribute("role", "note");
      var title = document.createElement("strong"); title.textContent = g.title; div.appendChild(title);
      div.appendChild(document.createTextNode(" (" + g.unit + ")"));
      div.appendChild(document.createElement("br"));
      g.classes.concat([[c.noData, g.absent]]).forEach(function (item, i) {
        var sw = document.createElement("span");
        sw.className = "atlas-swatch" + (i === g.classes.length ? " atlas-swatch-absent" : "");
        sw.style.background = item[0];
        div.appendChild(sw);
        div.appendChild(document.createTextNode(item[1]));
        div.appendChild(document.createElement("br"));
      });
      var source = document.createElement("small"); source.textContent = g.source; div.appendChild(source);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(state.map);
    state.legend = legend;
  }

  /* Under the map, buttons that move the view to metropolitan France or an overseas
   * département (no rerun, no download); the frame grows by their height. */
  function drawOverseas(a) {
    var items = a.overseas || [];
    var key = JSON.stringify([items, a.texts.goto]);
    if (key !== state.overseasKey) {
      state.overseasKey = key;
      if (state.overseas) { state.overseas.remove(); state.overseas = null; }
      if (items.length) {
        var nav = document.createElement("div");
        nav.className = "atlas-outre-mer"; nav.lang = "fr";
        nav.setAttribute("role", "group"); nav.setAttribute("aria-label", a.texts.goto);
        items.forEach(function (item) {
          var b = document.createElement("button");
          b.type = "button"; b.textContent = item.label; b.title = item.title;
          if (item.code) { b.setAttribute("data-code", item.code); }
          b.addEventListener("click", function () { if (state.map) { state.map.fitBounds(item.bounds); } });
          nav.appendChild(b);
        });
        box.parentNode.insertBefore(nav, box.nextSibling);
        state.overseas = nav;
        if (window.ResizeObserver) { new ResizeObserver(frameHeight).observe(nav); }
      }
    }
    frameHeight();
  }

  function frameHeight() {
    var extra = state.overseas ? state.overseas.offsetHeight : 0;
    send("streamlit:setFrameHeight", {height: state.args.height + extra});
  }

  /* The current view, for tests and assistive checks: zoom and [[south, west], [north, east]]. */
  function noteView() {
    var b = state.map.getBounds();
    box.setAttribute("data-atlas-zoom", String(state.map.getZoom()));
    box.setAttribute("data-atlas-view", JSON.stringify([[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]));
  }

  function render(a) {
    state.embedded = !!a.embedded;
    state.args = a;
    box.style.height = a.height + "px";
    drawOverseas(a);
    if (!state.ready) {
      shapesFor(a.shapes);  /* the shapes download while the libraries load */
      state.ready = loadLibraries(a.libs).then(function () {
        state.map = L.map(box, {zoomSnap: 0.25, minZoom: 3, maxZoom: 14, zoomControl: true, attributionControl: false});
        L.control.scale({imperial: false}).addTo(state.map);
        state.map.on("moveend", noteView);
        state.map.fitBounds(a.bounds);
      });
    }
    state.ready.then(function () {
      a = state.args;
      var boundsKey = JSON.stringify(a.bounds);
      if (boundsKey !== state.boundsKey) { state.boundsKey = boundsKey; state.map.fitBounds(a.bounds); }
      drawActions(a);
      drawLegend(a.choropleth);
      return drawShapes(a.shapes);
    }).then(function () {
      state.renders += 1;
      box.setAttribute("data-atlas-render", String(state.renders));
    }).catch(function (error) {
      box.setAttribute("data-atlas-error", String(error && error.message));
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args); }
  });
  send("streamlit:componentReady", {apiVersion: 1});
})();
