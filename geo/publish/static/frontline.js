/* Frontline map: markers, popups, legend, filters and offline basemap for a claims map.
 * Vanilla JS over Leaflet 1.9 + Leaflet.markercluster.  Article text is only ever put into the
 * page with textContent / DOM nodes (never innerHTML), so it stays inert text. */
(function () {
  "use strict";

  var SIDES = {russia: ["#c62828", "Russian side"], ukraine: ["#1565c0", "Ukrainian side"],
    independent: ["#6a1b9a", "Independent / third party"], unknown: ["#616161", "Claimant unknown"]};
  var EVENTS = {captured: "Captured", advancing: "Advancing", fighting: "Fighting",
    encircled: "Encircled", strike: "Strike", evacuation: "Evacuation", held: "Held",
    threatened: "Threatened", diplomacy: "Diplomacy", mention: "Mention"};
  var STATUSES = {
    confirmed: ["Confirmed", "acknowledged by the other side or independently verified"],
    assessed: ["Assessed", "analysts' or OSINT assessment (e.g. ISW, DeepState)"],
    reported: ["Reported", "the outlet's own statement of fact"],
    claimed: ["Claimed", "a party's claim, not independently verified"],
    unverified: ["Unverified", "the outlet says it could not verify it"],
    disputed: ["Disputed", "the other side rejects or denies it"]};
  var BADGES = {confirmed: ["#2e7d32", "\u2713", "#fff"], unverified: ["#f9a825", "?", "#000"],
    disputed: ["#111", "!", "#fff"], assessed: ["#455a64", "A", "#fff"]};
  var SIDE_WORD = {russia: "Russian", ukraine: "Ukrainian", independent: "independent",
    unknown: "unknown"};

  function pick(table, key, dflt) {
    return Object.prototype.hasOwnProperty.call(table, key) ? key : dflt;
  }

  function star(cx, cy, r1, r2, n) {
    var pts = [];
    for (var i = 0; i < 2 * n; i++) {
      var r = i % 2 ? r2 : r1, a = Math.PI * i / n - Math.PI / 2;
      pts.push((cx + r * Math.cos(a)).toFixed(1) + "," + (cy + r * Math.sin(a)).toFixed(1));
    }
    return pts.join(" ");
  }

  /* SVG markup built only from the fixed vocabularies above (never from data text). */
  function iconSvg(event, side, status, px) {
    event = pick(EVENTS, event, "mention");
    side = pick(SIDES, side, "unknown");
    status = pick(STATUSES, status, "reported");
    var c = SIDES[side][0];
    var hollow = status === "unverified" || status === "disputed";
    var fill = hollow ? "#fff" : c;
    var fo = status === "claimed" ? 0.55 : 1;
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
    var badge = "";
    if (BADGES[status]) {
      var b = BADGES[status];
      badge = '<circle cx="25" cy="7" r="6.5" fill="' + b[0] + '" stroke="#fff" stroke-width="1.5"/>' +
        '<text x="25" y="10.6" text-anchor="middle" font-family="DejaVu Sans,Arial,sans-serif"' +
        ' font-weight="bold" font-size="10" fill="' + b[2] + '">' + b[1] + "</text>";
    }
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + px + '" height="' + px +
      '" viewBox="0 0 32 32" aria-hidden="true">' + shape + badge + "</svg>";
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function safeHref(u) {
    return typeof u === "string" && /^https?:\/\/[^\s<>"']+$/i.test(u) ? u : null;
  }

  function label(table, key) { return table[key] ? (table[key][0] || table[key]) : String(key); }

  function dateText(r) {
    if (r.date) return r.date + (r.datep && r.datep !== "day" ? " (" + r.datep + ")" : "");
    if (r.published) return "not stated (published " + r.published + ")";
    return "not stated";
  }

  function claimantText(r) {
    var who = r.claimant || "unattributed";
    var side = SIDE_WORD[pick(SIDES, r.side, "unknown")];
    return who + " (" + side + " side)";
  }

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

  function frontlineInit(map, data) {
    var claims = data.claims || [];
    var api = {map: map, data: data, markers: [], byId: {}, labels: {}, shown: 0};
    window.frontline = api;
    document.title = data.title || document.title;
    var container = map.getContainer();
    container.classList.add("fl-map");
    var narrow = data.embed || container.clientWidth < 640;
    if (narrow) container.classList.add("fl-narrow");

    ["fl-basemap:150", "fl-cities:160", "fl-control:350", "fl-labels:450"].forEach(function (s) {
      var p = s.split(":"), pane = map.createPane(p[0]);
      pane.style.zIndex = p[1];
      pane.style.pointerEvents = "none";
    });

    /* Offline vector basemap (Natural Earth countries) under the tiles. */
    L.geoJSON(data.basemap, {pane: "fl-basemap", interactive: false,
      style: {color: "#8c8c8c", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1}}).addTo(map);
    var cities = L.layerGroup();
    (data.cities || []).forEach(function (c) {
      var t = el("span", "fl-city", c[0]);
      L.marker([c[1], c[2]], {pane: "fl-cities", interactive: false, keyboard: false,
        icon: L.divIcon({className: "fl-city-icon", html: t, iconSize: null})}).addTo(cities);
    });
    cities.addTo(map);

    var overlays = {};
    if (data.tiles) {
      var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"});
      tiles.addTo(map);
      overlays["OpenStreetMap tiles (online)"] = tiles;
      api.tiles = tiles;
    }
    map.attributionControl.addAttribution(
      "Places: GeoNames (CC BY 4.0), KATOTTG &middot; Basemap: Natural Earth");

    /* Assessed-control overlays: the latest is shown, earlier ones can be switched on. */
    var controls = data.control || [];
    controls.forEach(function (c, i) {
      var layer = L.geoJSON(c.geometry, {pane: "fl-control", interactive: false,
        style: {color: "#b71c1c", weight: 1, fillColor: "#e57373", fillOpacity: 0.28}});
      var name = "Assessed Russian-controlled area, " + (/^\d{4}-\d\d-\d\d$/.test(c.date || "") ?
        c.date : "date unknown");
      overlays[name] = layer;
      if (i === controls.length - 1) layer.addTo(map);
    });
    if (controls.length) map.attributionControl.addAttribution("Control: user-supplied assessment");

    /* Markers, one per claim, clustered when they crowd. */
    var cluster = L.markerClusterGroup({maxClusterRadius: 34, showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, chunkedLoading: false,
      iconCreateFunction: function (cl) {
        var n = cl.getChildCount();
        var d = el("div", "fl-cluster", n);
        return L.divIcon({html: d, className: "fl-cluster-icon", iconSize: [30, 30]});
      }});
    api.cluster = cluster;
    var byPlace = {};
    claims.forEach(function (r) {
      (byPlace[r.pid] = byPlace[r.pid] || []).push(r);
    });
    Object.keys(byPlace).forEach(function (k) {
      byPlace[k].sort(function (a, b) { return (a.day || "9999").localeCompare(b.day || "9999"); });
    });

    function openClaim(id) {
      var m = api.byId[id];
      if (!m || !m.fl.shown) return;
      map.closePopup();
      cluster.zoomToShowLayer(m, function () { m.openPopup(); });
    }
    api.openClaim = openClaim;

    function popup(r) {
      var root = el("div", "fl-popup");
      root.setAttribute("data-claim", r.id);
      var h = el("h3", "fl-place", r.place);
      root.appendChild(h);
      var where = [r.admin1, r.country].filter(Boolean).join(", ");
      if (where) root.appendChild(el("div", "fl-where", where));
      var head = el("div", "fl-head");
      var ic = el("span", "fl-ic");
      ic.innerHTML = iconSvg(r.event, r.side, r.status, 22); /* fixed-vocabulary SVG only */
      head.appendChild(ic);
      head.appendChild(el("b", null, label(EVENTS, pick(EVENTS, r.event, "mention"))));
      var st = pick(STATUSES, r.status, "reported");
      head.appendChild(el("span", "fl-status fl-st-" + st, STATUSES[st][0]));
      root.appendChild(head);
      if (r.review === "pending") root.appendChild(el("div", "fl-review-pending", "pending review")); /* review app (issue 22) */
      var t = el("table", "fl-facts"), tb = el("tbody");
      t.appendChild(tb);
      row(tb, "Claimant", claimantText(r));
      row(tb, "Status", STATUSES[st][0] + ": " + STATUSES[st][1]);
      row(tb, "Event date", dateText(r));
      row(tb, "Location", r.precision);
      row(tb, "Control", r.control, "fl-control-row");
      if (r.sources > 1) row(tb, "Reported by", r.sources + " articles");
      root.appendChild(t);
      if (r.quote) root.appendChild(quoteNode(r));
      var src = el("div", "fl-src");
      var outlet = r.outlet && r.outlet !== "unknown" ? r.outlet : "outlet unknown";
      src.appendChild(document.createTextNode(outlet + (r.published ? ", " + r.published : "")));
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
      root.appendChild(src);
      var same = byPlace[r.pid] || [];
      if (same.length > 1) {
        var tl = el("details", "fl-timeline");
        tl.open = same.length <= 12;
        tl.appendChild(el("summary", null, "Timeline at " + r.place + ": " + same.length + " claims"));
        var ol = el("ol");
        same.forEach(function (o) {
          var li = el("li", o.id === r.id ? "fl-current" : null);
          var s = pick(STATUSES, o.status, "reported");
          li.appendChild(el("span", "fl-tl-date", o.day || "undated"));
          li.appendChild(document.createTextNode(" " + label(EVENTS, pick(EVENTS, o.event,
            "mention")) + " \u2014 " + claimantText(o) + " \u2014 "));
          li.appendChild(el("span", "fl-status fl-st-" + s, STATUSES[s][0]));
          if (o.id !== r.id) {
            li.className = "fl-tl-link";
            li.tabIndex = 0;
            li.addEventListener("click", function () { openClaim(o.id); });
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

    claims.forEach(function (r) {
      var small = r.event === "mention" || r.event === "diplomacy";
      var px = small ? 20 : 28;
      var m = L.marker([r.lat, r.lon], {
        title: r.place + " \u2014 " + label(EVENTS, pick(EVENTS, r.event, "mention")),
        alt: r.place, riseOnHover: true,
        icon: L.divIcon({html: iconSvg(r.event, r.side, r.status, px), className: "fl-icon",
          iconSize: [px, px], iconAnchor: [px * 14 / 32, px * 18 / 32],
          popupAnchor: [0, -px / 3]})});
      m.bindPopup(function () { return popup(r); }, {maxWidth: 340, minWidth: 240,
        autoPanPadding: [20, 20]});
      m.on("add", function () {
        var e = m.getElement();
        if (e) {
          e.setAttribute("data-claim", r.id);
          e.setAttribute("data-side", pick(SIDES, r.side, "unknown"));
          e.setAttribute("data-status", pick(STATUSES, r.status, "reported"));
        }
      });
      m.fl = r;
      m.fl.shown = true;
      api.markers.push(m);
      api.byId[r.id] = m;
    });
    cluster.addLayers(api.markers);
    cluster.addTo(map);
    api.shown = api.markers.length;

    /* Place names: one label per place, greedy decluttering by number of claims. */
    var labels = L.layerGroup();
    Object.keys(byPlace).forEach(function (k) {
      var r = byPlace[k][0];
      var t = el("span", "fl-label", r.place);
      var lm = L.marker([r.lat, r.lon], {pane: "fl-labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "fl-label-icon", html: t, iconSize: null})});
      lm.fl = {n: byPlace[k].length, pid: k, text: r.place};
      lm.addTo(labels);
      api.labels[k] = lm;
    });
    labels.addTo(map);
    overlays["Place names"] = labels;
    function declutter() {
      var placed = [];
      var all = [];
      labels.eachLayer(function (l) { all.push(l); });
      all.sort(function (a, b) { return b.fl.n - a.fl.n; });
      all.forEach(function (l) {
        var e = l.getElement();
        if (!e) return;
        var vis = byPlace[l.fl.pid].some(function (r) { return r.shown; });
        var p = map.latLngToContainerPoint(l.getLatLng());
        var w = 7 * l.fl.text.length + 8, box = [p.x + 9, p.y - 16, p.x + 9 + w, p.y - 2];
        var hit = placed.some(function (b) {
          return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
        });
        var show = vis && !hit;
        e.style.display = show ? "" : "none";
        if (show) placed.push(box);
      });
    }
    map.on("zoomend moveend overlayadd", declutter);

    /* Filters: side, status, kind (front line vs diplomacy/mentions), dates. */
    var days = [];
    claims.forEach(function (r) { if (r.day && days.indexOf(r.day) < 0) days.push(r.day); });
    days.sort();
    var undated = claims.some(function (r) { return !r.day; });
    var state = {side: {}, status: {}, kind: {front: true, other: true}, from: 0,
      to: Math.max(0, days.length - 1), undated: true};
    Object.keys(SIDES).forEach(function (s) { state.side[s] = true; });
    Object.keys(STATUSES).forEach(function (s) { state.status[s] = true; });
    api.state = state;

    function wanted(r) {
      var kind = r.event === "mention" || r.event === "diplomacy" ? "other" : "front";
      if (!state.side[pick(SIDES, r.side, "unknown")]) return false;
      if (!state.status[pick(STATUSES, r.status, "reported")]) return false;
      if (!state.kind[kind]) return false;
      if (!r.day) return state.undated;
      return days.length === 0 || (r.day >= days[state.from] && r.day <= days[state.to]);
    }
    var counter = el("div", "fl-count");
    function apply() {
      var add = [], rem = [];
      api.markers.forEach(function (m) {
        var w = wanted(m.fl);
        if (w && !m.fl.shown) add.push(m);
        if (!w && m.fl.shown) rem.push(m);
        m.fl.shown = w;
      });
      if (rem.length) { map.closePopup(); cluster.removeLayers(rem); }
      if (add.length) cluster.addLayers(add);
      api.shown = api.markers.filter(function (m) { return m.fl.shown; }).length;
      counter.textContent = "Showing " + api.shown + " of " + api.markers.length + " claims";
      declutter();
    }
    api.apply = apply;
    api.visible = function () { return cluster.getLayers().length; };

    function checkbox(parent, group, key, text, swatch) {
      var lab = el("label", "fl-check");
      var cb = el("input");
      cb.type = "checkbox";
      cb.checked = true;
      cb.name = group;
      cb.value = key;
      cb.setAttribute("data-filter", group + ":" + key);
      cb.addEventListener("change", function () {
        if (group === "kind") state.kind[key] = cb.checked; else state[group][key] = cb.checked;
        apply();
      });
      lab.appendChild(cb);
      if (swatch) lab.appendChild(swatch);
      lab.appendChild(document.createTextNode(" " + text));
      parent.appendChild(lab);
    }
    function present(field, key) { return claims.some(function (r) {
      return pick(field === "side" ? SIDES : STATUSES, r[field], field === "side" ? "unknown" :
        "reported") === key; }); }
    function svgSpan(ev, side, status, px) {
      var s = el("span", "fl-sw");
      s.innerHTML = iconSvg(ev, side, status, px); /* fixed-vocabulary SVG only */
      return s;
    }

    var Panel = L.Control.extend({options: {position: "topright"}, onAdd: function () {
      var box = el("details", "fl-panel leaflet-bar");
      box.open = !narrow;
      box.appendChild(el("summary", null, "Filter claims"));
      var f = el("form", "fl-filters");
      f.addEventListener("submit", function (e) { e.preventDefault(); });
      var fs = el("fieldset"); fs.appendChild(el("legend", null, "Claimant side"));
      Object.keys(SIDES).forEach(function (s) {
        if (present("side", s)) checkbox(fs, "side", s, SIDES[s][1], svgSpan("mention", s,
          "reported", 16));
      });
      f.appendChild(fs);
      fs = el("fieldset"); fs.appendChild(el("legend", null, "Status"));
      Object.keys(STATUSES).forEach(function (s) {
        if (present("status", s)) checkbox(fs, "status", s, STATUSES[s][0], svgSpan("captured",
          "unknown", s, 18));
      });
      f.appendChild(fs);
      fs = el("fieldset"); fs.appendChild(el("legend", null, "Kind"));
      checkbox(fs, "kind", "front", "Front-line events");
      checkbox(fs, "kind", "other", "Diplomacy & mentions");
      f.appendChild(fs);
      fs = el("fieldset", "fl-dates"); fs.appendChild(el("legend", null, "Event date"));
      var lab = el("div", "fl-range-label");
      function rng(name, val) {
        var i = el("input");
        i.type = "range"; i.min = 0; i.max = Math.max(0, days.length - 1); i.step = 1;
        i.value = val; i.name = name; i.setAttribute("data-filter", "date:" + name);
        i.setAttribute("aria-label", name === "from" ? "From date" : "To date");
        i.disabled = days.length < 2;
        return i;
      }
      var from = rng("from", 0), to = rng("to", state.to);
      function upd(e) {
        var a = +from.value, b = +to.value;
        if (a > b) { if (e && e.target === from) to.value = a; else from.value = b; }
        state.from = +from.value; state.to = +to.value;
        lab.textContent = days.length ? days[state.from] + " \u2192 " + days[state.to] :
          "no dated claims";
        apply();
      }
      from.addEventListener("input", upd);
      to.addEventListener("input", upd);
      fs.appendChild(lab); fs.appendChild(from); fs.appendChild(to);
      if (undated) {
        var ul = el("label", "fl-check"), cb = el("input");
        cb.type = "checkbox"; cb.checked = true; cb.setAttribute("data-filter", "date:undated");
        cb.addEventListener("change", function () { state.undated = cb.checked; apply(); });
        ul.appendChild(cb); ul.appendChild(document.createTextNode(" undated claims"));
        fs.appendChild(ul);
      }
      f.appendChild(fs);
      box.appendChild(f);
      box.appendChild(counter);
      api.setDates = function (a, b) { from.value = a; to.value = b; upd(); };
      lab.textContent = days.length ? days[0] + " \u2192 " + days[days.length - 1] :
        "no dated claims";
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    new Panel().addTo(map);

    var Legend = L.Control.extend({options: {position: "bottomleft"}, onAdd: function () {
      var box = el("details", "fl-legend leaflet-bar");
      box.open = !narrow;
      var sum = el("summary", "fl-title", data.title || "Claims map");
      box.appendChild(sum);
      box.appendChild(el("div", "fl-asof", "Claims as of " + (data.asof || "date unknown") +
        " \u00b7 " + claims.length + " claims"));
      var g = el("div", "fl-lg");
      g.appendChild(el("div", "fl-lg-h", "Colour: who claims it"));
      Object.keys(SIDES).forEach(function (s) {
        if (!present("side", s)) return;
        var d = el("div", "fl-lg-i"); d.appendChild(svgSpan("mention", s, "reported", 16));
        d.appendChild(document.createTextNode(SIDES[s][1])); g.appendChild(d);
      });
      g.appendChild(el("div", "fl-lg-h", "Shape: what happened"));
      Object.keys(EVENTS).forEach(function (ev) {
        if (!claims.some(function (r) { return r.event === ev; })) return;
        var d = el("div", "fl-lg-i"); d.appendChild(svgSpan(ev, "unknown", "reported", 18));
        d.appendChild(document.createTextNode(EVENTS[ev])); g.appendChild(d);
      });
      g.appendChild(el("div", "fl-lg-h", "Badge and fill: how sure"));
      Object.keys(STATUSES).forEach(function (s) {
        if (!present("status", s)) return;
        var d = el("div", "fl-lg-i"); d.appendChild(svgSpan("captured", "unknown", s, 20));
        d.appendChild(document.createTextNode(STATUSES[s][0] + " \u2014 " + STATUSES[s][1]));
        g.appendChild(d);
      });
      if (controls.length) {
        var last = controls[controls.length - 1];
        var d = el("div", "fl-lg-i");
        d.appendChild(el("span", "fl-ctl-sw"));
        d.appendChild(document.createTextNode("Assessed Russian-controlled area, as of " +
          (last.date || "date unknown") + " (" + last.file + ")"));
        g.appendChild(d);
      }
      box.appendChild(g);
      if (data.unresolved) box.appendChild(el("div", "fl-note", data.unresolved +
        " place name(s) could not be located and are not on the map."));
      box.appendChild(el("div", "fl-note", "Each symbol is a claim as reported, not a verified" +
        " position." + (data.source ? " Source: " + data.source + "." : "")));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    new Legend().addTo(map);

    L.control.layers(null, overlays, {collapsed: true, position: "topleft"}).addTo(map);

    var f = data.fit;
    if (f && claims.length) {
      var b = L.latLngBounds([f[1], f[0]], [f[3], f[2]]);
      map.fitBounds(b.pad(0.15), {maxZoom: 10, animate: false,
        paddingTopLeft: [20, 20], paddingBottomRight: narrow ? [20, 20] : [200, 20]});
    } else {
      map.fitBounds([[44, 22], [52.5, 40]], {animate: false});
    }
    apply();
    container.setAttribute("data-ready", "1");
  }

  window.frontlineInit = frontlineInit;
  window.frontlineIcon = iconSvg;
})();
