/* Frontline map: markers, popups, areas, labels and offline basemap for a claims map.
 * Vanilla JS over Leaflet 1.9 + Leaflet.markercluster.  Article text is only ever put into the
 * page with textContent / DOM nodes (never innerHTML), so it stays inert text.
 * The panels (filters, legend, claims feed) live in frontline_panels.js. */
(function () {
  "use strict";

  var FL = window.FL = window.FL || {};
  var SIDES = FL.SIDES = {russia: ["#c62828", "Russian side"], ukraine: ["#1565c0", "Ukrainian side"],
    independent: ["#6a1b9a", "Independent / third party"],
    party: ["#ef6c00", "A party to another war"], unknown: ["#616161", "Claimant unknown"]};
  var EVENTS = FL.EVENTS = {captured: "Captured", advancing: "Advancing", fighting: "Fighting",
    encircled: "Encircled", strike: "Strike", evacuation: "Evacuation", held: "Held",
    threatened: "Threatened", diplomacy: "Diplomacy", mention: "Mention"};
  var STATUSES = FL.STATUSES = {
    confirmed: ["Confirmed", "acknowledged by the other side or independently verified"],
    assessed: ["Assessed", "analysts' or OSINT assessment (e.g. ISW, DeepState)"],
    reported: ["Reported", "the outlet's own statement of fact"],
    claimed: ["Claimed", "a party's claim, not independently verified"],
    unverified: ["Unverified", "the outlet says it could not verify it"],
    disputed: ["Disputed", "the other side rejects or denies it"]};
  var BADGES = {confirmed: ["#2e7d32", "\u2713", "#fff"], unverified: ["#f9a825", "?", "#000"],
    disputed: ["#111", "!", "#fff"], assessed: ["#455a64", "A", "#fff"]};
  var SIDE_WORD = {russia: "Russian", ukraine: "Ukrainian", independent: "independent",
    party: "a warring party's", unknown: "unknown"};
  var ACTORS = FL.ACTORS = {russia: "Russian forces", ukraine: "Ukrainian forces",
    other: "another party"};
  var AREA_PREC = {approximate: 1, hromada: 1};

  function pick(table, key, dflt) {
    return Object.prototype.hasOwnProperty.call(table, key) ? key : dflt;
  }
  FL.pick = pick;

  function star(cx, cy, r1, r2, n) {
    var pts = [];
    for (var i = 0; i < 2 * n; i++) {
      var r = i % 2 ? r2 : r1, a = Math.PI * i / n - Math.PI / 2;
      pts.push((cx + r * Math.cos(a)).toFixed(1) + "," + (cy + r * Math.sin(a)).toFixed(1));
    }
    return pts.join(" ");
  }

  /* SVG markup built only from the fixed vocabularies above (never from data text).
   * approx: the position is not exact (drawn hollow, dashed, inside a dashed ring). */
  function iconSvg(event, side, status, px, approx) {
    event = pick(EVENTS, event, "mention");
    side = pick(SIDES, side, "unknown");
    status = pick(STATUSES, status, "reported");
    var c = SIDES[side][0];
    var hollow = approx || status === "unverified" || status === "disputed";
    var fill = hollow ? "#fff" : c;
    var fo = approx ? 0.35 : status === "claimed" ? 0.55 : 1;
    var stroke = hollow || status === "claimed" ? c : "#fff";
    var st = ' fill="' + fill + '" fill-opacity="' + fo + '" stroke="' + stroke +
      '" stroke-width="' + (hollow ? 2.6 : 2) + '"' +
      (hollow ? ' stroke-dasharray="3.2 2"' : "");
    var shape;
    switch (event) {
      case "captured": shape = '<rect x="5" y="9" width="18" height="18" rx="2"' + st + "/>"; break;
      case "advancing": shape = '<polygon points="14,6 25.5,27 2.5,27"' + st + "/>"; break;
      case "fighting": shape = '<polygon points="14,6 26,18 14,30 2,18"' + st + "/>"; break;
      case "encircled": shape = '<circle cx="14" cy="18" r="10"' + st + '/><circle cx="14" cy="18"' +
        ' r="4" fill="' + (hollow ? c : "#fff") + '"/>'; break;
      case "strike": shape = '<polygon points="' + star(14, 18, 12, 5.5, 8) + '"' + st + "/>"; break;
      case "evacuation": shape = '<polygon points="2.5,9 25.5,9 14,30"' + st + "/>"; break;
      case "held": shape = '<path d="M4 8H24V17Q24 26 14 30Q4 26 4 17Z"' + st + "/>"; break;
      case "threatened": shape = '<polygon points="8.5,8.5 19.5,8.5 25,18 19.5,27.5 8.5,27.5 3,18"' + st + "/>";
        break;
      case "diplomacy": shape = '<circle cx="14" cy="18" r="8" fill="#fff" stroke="' + c +
        '" stroke-width="3.5"' + (hollow ? ' stroke-dasharray="3.2 2"' : "") + "/>"; break;
      default: shape = '<circle cx="14" cy="18" r="6.5"' + st + "/>";
    }
    if (approx) {
      shape = '<circle cx="14" cy="18" r="14.5" fill="none" stroke="' + c +
        '" stroke-width="1.6" stroke-dasharray="2.5 2"/>' + shape;
    }
    var badge = "";
    if (BADGES[status]) {
      var b = BADGES[status];
      badge = '<circle cx="25" cy="7" r="6.5" fill="' + b[0] + '" stroke="#fff" stroke-width="1.5"/>' +
        '<text x="25" y="10.6" text-anchor="middle" font-family="DejaVu Sans,Arial,sans-serif"' +
        ' font-weight="bold" font-size="10" fill="' + b[2] + '">' + b[1] + "</text>";
    }
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + px + '" height="' + px +
      '" viewBox="0 0 32 32" aria-hidden="true" focusable="false">' + shape + badge + "</svg>";
  }
  FL.iconSvg = iconSvg;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  FL.el = el;

  function safeHref(u) {
    return typeof u === "string" && /^https?:\/\/[^\s<>"']+$/i.test(u) ? u : null;
  }
  FL.safeHref = safeHref;

  /* The display word of a vocabulary entry: a string value, or the first item of a pair. */
  function label(table, key) {
    if (!Object.prototype.hasOwnProperty.call(table, key)) return String(key);
    var v = table[key];
    return typeof v === "string" ? v : v[0];
  }
  FL.label = label;
  function eventWord(r) { return label(EVENTS, pick(EVENTS, r.event, "mention")); }
  FL.eventWord = eventWord;
  function actorText(r) {
    return r.actor && ACTORS[r.actor] ? ACTORS[r.actor] : "not stated in the report";
  }
  FL.actorText = actorText;

  function dateText(r) {
    if (r.date) return r.date + (r.datep && r.datep !== "day" ? " (" + r.datep + ")" : "");
    if (r.published) return "not stated (published " + r.published + ")";
    return "not stated";
  }

  function outletName(r) { return r.outlet && r.outlet !== "unknown" ? r.outlet : null; }

  function claimantText(r) {
    var side = pick(SIDES, r.side, "unknown");
    if (r.party) {  // a party of another war, named from the conflicts registry
      if (!r.claimant) return "an unnamed source of " + r.party;
      return r.claimant + (r.claimant === r.party ? " (a party to the war)" : " (" + r.party + ")");
    }
    if (r.claimant) return r.claimant + " (" + SIDE_WORD[side] + " side)";
    if (side === "unknown" || (side === "independent" && (r.status === "reported" ||
        r.status === "assessed"))) {
      return "the outlet itself (" + (outletName(r) || "outlet unknown") + "), no other source named";
    }
    return "an unnamed source on the " + SIDE_WORD[side] + " side";
  }
  FL.claimantText = claimantText;

  function quoteNode(r) {
    var q = el("blockquote", "fl-quote");
    var s = r.quote || "";
    if (r.hl && r.hl[0] >= 0 && r.hl[1] <= s.length && r.hl[0] < r.hl[1]) {
      q.appendChild(document.createTextNode(s.slice(0, r.hl[0])));
      q.appendChild(el("mark", null, s.slice(r.hl[0], r.hl[1])));
      q.appendChild(document.createTextNode(s.slice(r.hl[1])));
    } else {
      q.textContent = s;
    }
    return q;
  }

  function row(tbody, key, value, cls) {
    if (value === undefined || value === null || value === "") return;
    var tr = el("tr", cls);
    tr.appendChild(el("th", null, key));
    tr.appendChild(el("td", null, value));
    tbody.appendChild(tr);
  }

  function statusBadge(s) {
    s = pick(STATUSES, s, "reported");
    return el("span", "fl-status fl-st-" + s, STATUSES[s][0]);
  }
  FL.statusBadge = statusBadge;

  function sourceLine(r) {
    var src = el("div", "fl-src");
    src.appendChild(document.createTextNode((outletName(r) || "outlet unknown") +
      (r.published ? ", " + r.published : "")));
    var href = safeHref(r.url);
    if (href) {
      src.appendChild(document.createTextNode(" \u00b7 "));
      var a = el("a", "fl-link", "source");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      src.appendChild(a);
    }
    src.appendChild(el("div", "fl-article", "article: " + (r.title || r.article || "?")));
    return src;
  }

  function uniq(xs) {
    var out = [];
    xs.forEach(function (x) { if (out.indexOf(x) < 0) out.push(x); });
    return out;
  }

  /* A popup that sizes itself to the screen and pans clear of the open panels. */
  var FlPopup = L.Popup.extend({
    onAdd: function (map) {
      var c = map.getContainer();
      this.options.maxWidth = Math.max(200, Math.min(340, c.clientWidth - 50));
      this.options.minWidth = Math.min(240, this.options.maxWidth);
      this.options.maxHeight = Math.max(180, c.clientHeight - (c.clientWidth < 640 ? 230 : 90));
      L.Popup.prototype.onAdd.call(this, map);
    },
    _adjustPan: function () {
      var pad = FL.panelPadding ? FL.panelPadding(this._map) : null;
      if (pad) {
        this.options.autoPanPaddingTopLeft = pad[0];
        this.options.autoPanPaddingBottomRight = pad[1];
      }
      return L.Popup.prototype._adjustPan.apply(this, arguments);
    }
  });

  /* A divIcon whose focusable element has a real accessible name. */
  var NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var d = L.DivIcon.prototype.createIcon.call(this, old);
      if (this.options.flName) {
        d.setAttribute("aria-label", this.options.flName);
        d.setAttribute("role", "button");
      }
      return d;
    }
  });

  function frontlineInit(map, data) {
    var claims = data.claims || [];
    var api = {map: map, data: data, markers: [], byId: Object.create(null), groups: [], areas: Object.create(null), shown: 0};
    window.frontline = api;
    document.title = data.title || document.title;
    var container = map.getContainer();
    container.classList.add("fl-map");
    /* Draw vectors well beyond the view, so a resized window (snapshots) shows no blank edge. */
    L.Renderer.prototype.options.padding = 0.5;
    var mode = /(^|[#&])publish\b/.test(location.hash) || data.publish ? "publish" :
      data.embed ? "embed" : "page";
    api.mode = mode;
    container.classList.add("fl-mode-" + mode);
    var narrow = mode === "embed" || container.clientWidth < 640;
    api.narrow = narrow;
    if (narrow) container.classList.add("fl-narrow");
    /* Controls first in the Tab order (they are drawn on top anyway), markers after. */
    container.insertBefore(map._controlContainer, container.firstChild);
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", "Map of claims (arrow keys pan, + and - zoom); the" +
      " claims list gives the same claims as text");

    ["fl-basemap:150", "fl-context:155", "fl-cities:160", "fl-control:350",
      "fl-labels:450"].forEach(function (s) {
      var p = s.split(":"), pane = map.createPane(p[0]);
      pane.style.zIndex = p[1];
      pane.style.pointerEvents = "none";
      if (p[0] !== "fl-control") pane.setAttribute("aria-hidden", "true");
    });
    map.getPanes().overlayPane.setAttribute("aria-hidden", "false");

    /* Offline vector basemap (Natural Earth countries) and OSM admin outlines under the tiles. */
    L.geoJSON(data.basemap, {pane: "fl-basemap", interactive: false,
      style: {className: "fl-country", color: "#8c8c8c", weight: 0.8, fillColor: "#f4f1e8",
        fillOpacity: 1}}).addTo(map);
    var ctx = data.context || {};
    var outlines = L.layerGroup(), hromadas = L.layerGroup();
    if (ctx.raion) L.geoJSON(ctx.raion, {pane: "fl-context", interactive: false,
      style: {className: "fl-raion", color: "#a59f92", weight: 0.6, fill: false}}).addTo(outlines);
    if (ctx.oblast) L.geoJSON(ctx.oblast, {pane: "fl-context", interactive: false,
      style: {className: "fl-oblast", color: "#7d776b", weight: 1.3, fill: false}}).addTo(outlines);
    if (ctx.hromada) L.geoJSON(ctx.hromada, {pane: "fl-context", interactive: false,
      style: {className: "fl-hromada", color: "#b3ad9f", weight: 0.5, dashArray: "2 3",
        fill: false}}).addTo(hromadas);
    outlines.addTo(map);
    function hromadaZoom() {
      if (map.getZoom() >= 9) hromadas.addTo(map); else hromadas.remove();
    }
    map.on("zoomend", hromadaZoom);
    var cities = L.layerGroup();
    (data.cities || []).forEach(function (c) {
      var t = el("span", "fl-city", c[0]);
      L.marker([c[1], c[2]], {pane: "fl-cities", interactive: false, keyboard: false,
        icon: L.divIcon({className: "fl-city-icon", html: t, iconSize: null})}).addTo(cities);
    });
    cities.addTo(map);

    var overlays = api.overlays = {};
    if (data.tiles && mode !== "publish") {
      var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"});
      tiles.addTo(map);
      overlays["OpenStreetMap tiles (online)"] = tiles;
      api.tiles = tiles;
    }
    overlays["Oblast and raion outlines (OSM)"] = outlines;
    overlays["Hromada outlines near claims (OSM, zoom in)"] = hromadas;
    api.credits = "Places: GeoNames (CC BY 4.0), KATOTTG \u00b7 Outlines: OpenStreetMap (ODbL)" +
      " \u00b7 Basemap: Natural Earth" + ((data.control || []).length ?
      " \u00b7 Control: user-supplied assessment" : "");
    if (narrow) {
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution("GeoNames \u00b7 OSM \u00b7 Natural Earth");
    } else {
      map.attributionControl.addAttribution(api.credits.replace(/&/g, "&amp;"));
    }

    /* Assessed-control snapshots: the one in effect at the end of the date range is shown. */
    var controls = api.controls = data.control || [];
    var ctlLayers = controls.map(function (c) {
      return L.geoJSON(c.geometry, {pane: "fl-control", interactive: false,
        style: {className: "fl-ctl", color: "#b71c1c", weight: 1, fillColor: "#e57373",
          fillOpacity: 0.28}});
    });
    var ctlGroup = L.layerGroup().addTo(map);
    api.controlShown = null;
    api.showControlAt = function (day) {
      if (!controls.length) return;
      var k = 0;
      controls.forEach(function (c, i) { if (c.date && day && c.date <= day) k = i; });
      if (!day) k = controls.length - 1;
      if (api.controlShown === k) return;
      ctlGroup.clearLayers();
      ctlGroup.addLayer(ctlLayers[k]);
      api.controlShown = k;
      if (api.onControl) api.onControl(controls[k]);
    };
    if (controls.length) overlays["Assessed Russian-controlled area"] = ctlGroup;

    /* Groups: one marker per (place, event, side, day); duplicates list their sources. */
    var cluster = L.markerClusterGroup({maxClusterRadius: 34, showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, chunkedLoading: false, animate: false,
      iconCreateFunction: function (cl) {
        var n = cl.getChildCount();
        var names = uniq(cl.getAllChildMarkers().map(function (m) { return m.fl.place; }));
        var d = el("div", "fl-cluster", n);
        d.setAttribute("aria-hidden", "true");
        return new NamedIcon({html: d, className: "fl-cluster-icon", iconSize: [30, 30],
          flName: n + " claims grouped at " + names.slice(0, 4).join(", ") +
            (names.length > 4 ? " and " + (names.length - 4) + " more places" : "") +
            ": press to zoom in"});
      }});
    api.cluster = cluster;
    var areaLayer = L.featureGroup();
    (data.groups || claims.map(function (r, i) {
      return {g: i, ids: [i], status: r.status, n: r.sources || 1};
    })).forEach(function (gr) {
      var recs = gr.ids.map(function (i) { return claims[i]; });
      var r0 = recs[0];
      var G = {g: gr.g, recs: recs, status: gr.status, n: gr.n, event: r0.event, side: r0.side,
        pid: r0.pid, day: r0.day, place: r0.place, lat: r0.lat, lon: r0.lon,
        akey: r0.area && data.areas && data.areas[r0.area] ? r0.area : null,
        approx: !!AREA_PREC[r0.prec], shown: true, id: r0.id};
      G.key = G.akey || G.pid;
      recs.forEach(function (r) { api.byId[r.id] = G; });
      api.groups.push(G);
    });
    var byPlace = api.byPlace = Object.create(null);  // keyed by data: __proto__ is a key like any
    api.groups.forEach(function (G) { (byPlace[G.key] = byPlace[G.key] || []).push(G); });
    Object.keys(byPlace).forEach(function (k) {
      byPlace[k].sort(function (a, b) { return (a.day || "9999").localeCompare(b.day || "9999"); });
    });

    function headline(G) {
      var r = G.recs[0];
      return G.place + " \u2014 " + eventWord(r) + ", by " + actorText(r) + " \u2014 " +
        label(STATUSES, pick(STATUSES, G.status, "reported")) +
        (G.n > 1 ? " \u2014 reported by " + G.n + " sources" : "");
    }
    api.headline = headline;

    function popup(G) {
      var r = G.recs[0];
      var root = el("div", "fl-popup");
      root.setAttribute("data-claim", G.id);
      root.setAttribute("data-group", G.g);
      root.setAttribute("data-claims", G.recs.map(function (x) { return x.id; }).join(" "));
      root.appendChild(el("h3", "fl-place", G.place + (G.akey ? " (area)" : "")));
      var where = [r.admin1, r.country].filter(Boolean).join(", ");
      if (where) root.appendChild(el("div", "fl-where", where));
      var head = el("div", "fl-head");
      var ic = el("span", "fl-ic");
      ic.innerHTML = iconSvg(G.event, G.side, G.status, 22, G.approx); /* fixed-vocabulary SVG only */
      head.appendChild(ic);
      head.appendChild(el("b", "fl-event", eventWord(r)));
      head.appendChild(el("span", "fl-actor", "by " + actorText(r)));
      head.appendChild(statusBadge(G.status));
      root.appendChild(head);
      if (r.review === "pending") root.appendChild(el("div", "fl-review-pending", "pending review")); /* review app (issue 22) */
      var t = el("table", "fl-facts"), tb = el("tbody");
      t.appendChild(tb);
      var st = pick(STATUSES, G.status, "reported");
      row(tb, "Event", eventWord(r));
      row(tb, "Who acted", actorText(r));
      row(tb, "Claimed by", uniq(G.recs.map(claimantText)).join("; "));
      row(tb, "Status", STATUSES[st][0] + ": " + STATUSES[st][1]);
      row(tb, "Event date", dateText(r));
      row(tb, "Location", r.precision, "fl-prec-row");
      row(tb, "Control", r.control, "fl-control-row");
      if (G.n > 1) row(tb, "Reported by", G.n + " sources", "fl-nsrc");
      root.appendChild(t);
      if (G.recs.length > 1) {
        var sd = el("details", "fl-sources");
        sd.open = G.recs.length <= 3;
        sd.appendChild(el("summary", null, "Reported by " + G.n + " sources"));
        var sl = el("ol");
        G.recs.forEach(function (o) {
          var li = el("li");
          var h = el("div", "fl-src-h");
          h.appendChild(document.createTextNode(claimantText(o) + " "));
          h.appendChild(statusBadge(o.status));
          li.appendChild(h);
          if (o.quote) li.appendChild(quoteNode(o));
          li.appendChild(sourceLine(o));
          sl.appendChild(li);
        });
        sd.appendChild(sl);
        root.appendChild(sd);
      } else {
        if (r.quote) root.appendChild(quoteNode(r));
        root.appendChild(sourceLine(r));
      }
      var same = byPlace[G.key] || [];
      if (same.length > 1) {
        var tl = el("details", "fl-timeline");
        tl.open = same.length <= 12;
        tl.appendChild(el("summary", null, "Timeline at " + G.place + ": " + same.length +
          " claims"));
        var ol = el("ol");
        same.forEach(function (o) {
          var li = el("li", o === G ? "fl-current" : null);
          li.appendChild(el("span", "fl-tl-date", o.day || "undated"));
          li.appendChild(document.createTextNode(" " + (o.place !== G.place ? o.place + ": " : "") +
            eventWord(o.recs[0]) + " (" + actorText(o.recs[0]) + ") \u2014 " +
            claimantText(o.recs[0]) + " \u2014 "));
          li.appendChild(statusBadge(o.status));
          if (o !== G) {
            li.className = "fl-tl-link";
            li.tabIndex = 0;
            li.setAttribute("role", "button");
            var go = function (e) {
              if (e.type === "keydown" && e.key !== "Enter" && e.key !== " ") return;
              e.preventDefault();
              api.openClaim(o.id);
            };
            li.addEventListener("click", go);
            li.addEventListener("keydown", go);
          } else {
            li.setAttribute("aria-current", "true");
          }
          ol.appendChild(li);
        });
        tl.appendChild(ol);
        root.appendChild(tl);
      }
      return root;
    }
    api.popup = popup;

    function popupFor(G) {
      return new FlPopup({autoPanPadding: [20, 20], className: "fl-leaflet-popup"})
        .setContent(function () { return popup(G); });
    }

    /* Areas: places known only by an area are drawn as that area, shaded with a dashed edge. */
    Object.keys(byPlace).forEach(function (k) {
      var G0 = byPlace[k][0];
      if (!G0.akey) return;
      var a = data.areas[G0.akey];
      var c = SIDES[pick(SIDES, G0.side, "unknown")][0];
      var lyr = L.geoJSON(a.geometry, {style: {className: "fl-area", color: c, weight: 2,
        dashArray: "6 4", fillColor: c, fillOpacity: 0.16}});
      lyr.fl = {key: k, area: a};
      lyr.on("click", function (e) {
        var vis = byPlace[k].filter(function (G) { return G.shown; });
        if (vis.length) api.openGroup(vis[0], e.latlng);
      });
      api.areas[k] = lyr;
      byPlace[k].forEach(function (G) { G.layer = lyr; G.lat = a.lat; G.lon = a.lon; });
      lyr.addTo(areaLayer);
    });
    areaLayer.addTo(map);

    api.groups.forEach(function (G) {
      if (G.akey) return;
      var small = G.event === "mention" || G.event === "diplomacy";
      var px = small ? 20 : 28;
      var m = L.marker([G.lat, G.lon], {
        title: headline(G), riseOnHover: true,
        icon: new NamedIcon({html: iconSvg(G.event, G.side, G.status, px, G.approx),
          className: "fl-icon" + (G.approx ? " fl-approx" : ""), flName: headline(G),
          iconSize: [px, px], iconAnchor: [px * 14 / 32, px * 18 / 32],
          popupAnchor: [0, -px / 3]})});
      m.bindPopup(popupFor(G));
      m.on("add", function () {
        var e = m.getElement();
        if (e) {
          e.setAttribute("data-claim", G.id);
          e.setAttribute("data-claims", G.recs.map(function (r) { return r.id; }).join(" "));
          e.setAttribute("data-side", pick(SIDES, G.side, "unknown"));
          e.setAttribute("data-status", pick(STATUSES, G.status, "reported"));
        }
      });
      m.fl = G;
      G.marker = m;
      api.markers.push(m);
    });
    cluster.addLayers(api.markers);
    cluster.addTo(map);

    /* Reveal a group (zooming only as far as it takes, at most to 13) and open its popup. */
    api.openGroup = function (G, at) {
      if (!G || !G.shown) return;
      if (G.layer) {
        var b = G.layer.getBounds();
        if (!map.getBounds().contains(b)) map.fitBounds(b, {maxZoom: 12, animate: false});
        map.closePopup();
        popupFor(G).setLatLng(at || [G.lat, G.lon]).openOn(map);
        return;
      }
      var m = G.marker;
      function open() { map.closePopup(); m.openPopup(); }
      function step(tries) {
        var par = cluster.getVisibleParent(m);
        if (par === m) { open(); return; }
        if (!par) {
          map.setView(m.getLatLng(), Math.max(map.getZoom(), 8), {animate: false});
          if (tries < 3) setTimeout(function () { step(tries + 1); }, 30); return;
        }
        var kids = par.getAllChildMarkers();
        var onePoint = kids.every(function (k) { return k.getLatLng().equals(m.getLatLng()); });
        var z = map.getZoom();
        if (onePoint || z >= 13 || tries > 4) {
          cluster.once("spiderfied", function () { setTimeout(open, 10); });
          par.spiderfy();
          if (par._group && par._group._spiderfied === par) setTimeout(open, 10);
          return;
        }
        var target = Math.min(13, Math.max(z + 1, map.getBoundsZoom(par.getBounds())));
        map.setView(m.getLatLng(), target, {animate: false});
        setTimeout(function () { step(tries + 1); }, 30);
      }
      step(0);
    };
    api.openClaim = function (id) { api.openGroup(api.byId[id]); };

    /* Place names beside markers and single-place clusters, never over another symbol. */
    var labelPane = map.getPane("fl-labels");
    var meas = document.createElement("canvas").getContext("2d");
    meas.font = "bold 12px 'DejaVu Sans', Arial, sans-serif";
    function declutter() {
      while (labelPane.firstChild) labelPane.removeChild(labelPane.firstChild);
      if (!api.labelsOn) return;
      var occ = [], anchors = Object.create(null);
      var size = map.getSize();
      var cr = container.getBoundingClientRect();
      container.querySelectorAll(".leaflet-control").forEach(function (c) {
        var b = c.getBoundingClientRect();
        if (b.width) occ.push([b.left - cr.left, b.top - cr.top, b.right - cr.left, b.bottom - cr.top]);
      });
      cluster._featureGroup.eachLayer(function (l) {
        var p = map.latLngToContainerPoint(l.getLatLng());
        var r = l instanceof L.MarkerCluster ? 16 : 12;
        occ.push([p.x - r, p.y - r - 2, p.x + r, p.y + r]);
        var kids = l instanceof L.MarkerCluster ? l.getAllChildMarkers() : [l];
        var keys = uniq(kids.map(function (k) { return k.fl.key; }));
        if (keys.length === 1 && kids.every(function (k) { return k.fl.shown; })) {
          (anchors[keys[0]] = anchors[keys[0]] || []).push([p, r]);
        }
      });
      Object.keys(api.areas).forEach(function (k) {
        if (!map.hasLayer(api.areas[k])) return;
        var a = api.areas[k].fl.area;
        if (byPlace[k].some(function (G) { return G.shown; })) {
          (anchors[k] = anchors[k] || []).push([map.latLngToContainerPoint([a.lat, a.lon]), 4]);
        }
      });
      var keys = Object.keys(anchors).filter(function (k) { return anchors[k].length === 1; });
      keys.sort(function (a, b) { return byPlace[b].length - byPlace[a].length; });
      keys.forEach(function (k) {
        var p = anchors[k][0][0], r = anchors[k][0][1];
        if (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20) return;
        var G0 = byPlace[k][0];
        var text = G0.akey ? uniq(byPlace[k].map(function (G) { return G.place; })).join(", ") +
          " (area)" : G0.place;
        var w = meas.measureText(text).width + 6, h = 15;
        var cands = [[p.x + r + 2, p.y - h / 2], [p.x - r - 2 - w, p.y - h / 2],
          [p.x - w / 2, p.y - r - h - 1], [p.x - w / 2, p.y + r + 1]];
        for (var i = 0; i < cands.length; i++) {
          var bx = [cands[i][0], cands[i][1], cands[i][0] + w, cands[i][1] + h];
          var hit = occ.some(function (b) {
            return bx[0] < b[2] && bx[2] > b[0] && bx[1] < b[3] && bx[3] > b[1];
          });
          if (!hit) {
            occ.push(bx);
            var lp = map.containerPointToLayerPoint([bx[0], bx[1]]);
            var s = el("span", "fl-label" + (G0.akey ? " fl-label-area" : ""), text);
            s.style.left = lp.x + "px";
            s.style.top = lp.y + "px";
            s.setAttribute("data-key", k);
            labelPane.appendChild(s);
            break;
          }
        }
      });
    }
    api.labelsOn = true;
    api.declutter = declutter;
    var labelToggle = L.layerGroup();
    labelToggle.onAdd = function () { api.labelsOn = true; declutter(); return this; };
    labelToggle.onRemove = function () { api.labelsOn = false; declutter(); return this; };
    overlays["Place names"] = labelToggle;
    labelToggle.addTo(map);
    map.on("zoomend moveend viewreset", declutter);
    cluster.on("animationend spiderfied unspiderfied", declutter);

    api.visible = function () {
      return cluster.getLayers().length + api.groups.filter(function (G) {
        return G.akey && G.shown;
      }).length;
    };
    /* Show exactly the groups wanted(G) says (markers and areas). */
    api.setShown = function (wanted) {
      var add = [], rem = [];
      api.groups.forEach(function (G) {
        var w = !!wanted(G);
        if (G.marker) {
          if (w && !G.shown) add.push(G.marker);
          if (!w && G.shown) rem.push(G.marker);
        }
        G.shown = w;
      });
      Object.keys(api.areas).forEach(function (k) {
        var on = byPlace[k].some(function (G) { return G.shown; });
        if (on && !areaLayer.hasLayer(api.areas[k])) areaLayer.addLayer(api.areas[k]);
        if (!on && areaLayer.hasLayer(api.areas[k])) areaLayer.removeLayer(api.areas[k]);
      });
      if (rem.length) { map.closePopup(); cluster.removeLayers(rem); }
      if (add.length) cluster.addLayers(add);
      api.shown = api.groups.filter(function (G) { return G.shown; }).length;
      declutter();
    };

    if (FL.panels) FL.panels(api);
    L.control.layers(null, overlays, {collapsed: true, position: "topleft"}).addTo(map);
    var lt = container.querySelector(".leaflet-control-layers-toggle");
    if (lt) { lt.setAttribute("aria-label", "Map layers"); lt.setAttribute("role", "button"); }

    var f = data.fit;
    if (f && claims.length) {
      var b = L.latLngBounds([f[1], f[0]], [f[3], f[2]]);
      var pad = FL.panelPadding ? FL.panelPadding(map) : [[20, 20], [20, 20]];
      map.fitBounds(b.pad(0.1), {maxZoom: 10, animate: false,
        paddingTopLeft: pad[0], paddingBottomRight: pad[1]});
    } else {
      map.fitBounds([[44, 22], [52.5, 40]], {animate: false});
    }
    hromadaZoom();
    if (api.apply) api.apply(); else declutter();
    if (api.afterInit) api.afterInit();
    container.setAttribute("data-ready", "1");
  }

  window.frontlineInit = frontlineInit;
  window.frontlineIcon = iconSvg;
})();
