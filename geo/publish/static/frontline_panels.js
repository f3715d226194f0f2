/* Frontline map panels: filters, legend, the claims feed (an <ol>, one <li> per claim: the map's
 * text alternative), permalinks (#claim=ID), embed and publication modes.
 * Panels start as compact buttons below 1600 px wide and never cover the map's controls. */
(function () {
  "use strict";

  var FL = window.FL = window.FL || {};
  var WIDE = 1600;

  function panels(api) {
    var map = api.map, data = api.data, claims = data.claims || [];
    var el = FL.el, pick = FL.pick, SIDES = FL.SIDES, STATUSES = FL.STATUSES, EVENTS = FL.EVENTS;
    var container = map.getContainer();
    var wide = container.clientWidth >= WIDE && !api.narrow;
    var phone = container.clientWidth < 640;
    if (phone) container.classList.add("fl-phone");

    /* ---- filter state ---------------------------------------------------------------- */
    var days = [];
    claims.forEach(function (r) { if (r.day && days.indexOf(r.day) < 0) days.push(r.day); });
    (api.controls || []).forEach(function (c) {
      if (c.date && days.indexOf(c.date) < 0) days.push(c.date);
    });
    days.sort();
    api.days = days;
    var undated = claims.some(function (r) { return !r.day; });
    var state = api.state = {side: {}, status: {}, kind: {front: true, other: true}, from: 0,
      to: Math.max(0, days.length - 1), undated: true, q: ""};
    Object.keys(SIDES).forEach(function (s) { state.side[s] = true; });
    Object.keys(STATUSES).forEach(function (s) { state.status[s] = true; });

    function wanted(r) {
      var kind = r.event === "mention" || r.event === "diplomacy" ? "other" : "front";
      if (!state.side[pick(SIDES, r.side, "unknown")]) return false;
      if (!state.status[pick(STATUSES, r.status, "reported")]) return false;
      if (!state.kind[kind]) return false;
      if (!r.day) return state.undated;
      return days.length === 0 || (r.day >= days[state.from] && r.day <= days[state.to]);
    }
    function matches(r) {
      if (!state.q) return true;
      var q = state.q.toLowerCase();
      return [r.place, r.claimant, r.admin1, r.outlet].some(function (s) {
        return typeof s === "string" && s.toLowerCase().indexOf(q) >= 0;
      });
    }
    api.wanted = wanted;

    /* ---- toolbar of compact buttons and the panels they open -------------------------- */
    var Bar = L.Control.extend({options: {position: "topright"}, onAdd: function () {
      var col = el("div", "fl-column");
      L.DomEvent.disableClickPropagation(col);
      L.DomEvent.disableScrollPropagation(col);
      return col;
    }});
    var bar = new Bar().addTo(map);
    var col = bar.getContainer();
    var tools = el("div", "fl-toolbar leaflet-bar");
    tools.setAttribute("role", "toolbar");
    tools.setAttribute("aria-label", "Map panels");
    col.appendChild(tools);
    var opened = {};

    function panel(key, title, btnText) {
      var btn = el("button", "fl-btn", btnText);
      btn.type = "button";
      btn.setAttribute("aria-expanded", "false");
      btn.setAttribute("aria-controls", "fl-panel-" + key);
      btn.setAttribute("data-panel", key);
      tools.appendChild(btn);
      var box = el("section", "fl-panel fl-panel-" + key + " fl-collapsed");
      box.id = "fl-panel-" + key;
      box.setAttribute("aria-label", title);
      var head = el("div", "fl-panel-head");
      head.appendChild(el("h2", null, title));
      var close = el("button", "fl-close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", "Close " + title.toLowerCase());
      close.setAttribute("data-tab", "1");
      close.tabIndex = -1;
      close.addEventListener("click", function () { toggle(key, false); btn.focus(); });
      head.appendChild(close);
      box.appendChild(head);
      var body = el("div", "fl-panel-body");
      box.appendChild(body);
      col.appendChild(box);
      opened[key] = {btn: btn, box: box, open: false};
      btn.addEventListener("click", function () { toggle(key); });
      return body;
    }
    function toggle(key, on) {
      var p = opened[key];
      on = on === undefined ? !p.open : on;
      if (on && !wide) {  /* one panel at a time on smaller screens */
        Object.keys(opened).forEach(function (k) { if (k !== key) toggle(k, false); });
      }
      p.open = on;
      p.box.classList.toggle("fl-collapsed", !on);
      p.btn.setAttribute("aria-expanded", on ? "true" : "false");
      p.btn.classList.toggle("fl-on", on);
      container.classList.toggle("fl-sheet-open", phone && Object.keys(opened).some(function (k) {
        return opened[k].open;
      }));
      p.box.querySelectorAll("[data-tab]").forEach(function (n) { n.tabIndex = on ? 0 : -1; });
      if (key === "feed" && on) feedScroll();
    }
    api.toggle = toggle;

    /* Padding that keeps fitted claims and popups clear of the open panels and controls. */
    FL.panelPadding = function () {
      var cr = container.getBoundingClientRect();
      var right = 20, bottom = 20, top = 20, left = 60;
      col.querySelectorAll(".fl-toolbar, .fl-panel:not(.fl-collapsed)").forEach(function (n) {
        var b = n.getBoundingClientRect();
        if (b.width && b.left - cr.left > cr.width / 2) right = Math.max(right, cr.right - b.left + 12);
      });
      if (phone) {  /* too narrow to sit beside the zoom and layer buttons: keep below them */
        var tl = container.querySelector(".leaflet-top.leaflet-left").getBoundingClientRect();
        right = 10; left = 10; top = Math.max(60, tl.bottom - cr.top + 8);
      }
      var lg = container.querySelector(".fl-legend");
      if (lg) {
        var lb = lg.getBoundingClientRect();
        if (lb.width > cr.width * 0.6 || lb.height < cr.height * 0.35) {
          bottom = Math.max(bottom, cr.bottom - lb.top + 10);
        } else {
          left = Math.max(left, lb.right - cr.left + 10);
        }
      }
      if (right > cr.width - 120) right = 20;
      return [[left, top], [right, bottom]];
    };

    /* ---- the claims feed ------------------------------------------------------------- */
    var feedBody = panel("feed", "Claims in date order", "Claims (" + claims.length + ")");
    var search = el("input", "fl-search");
    search.type = "search";
    search.placeholder = "Search place or claimant";
    search.setAttribute("aria-label", "Search claims by place or claimant");
    search.setAttribute("data-tab", "1");
    search.tabIndex = -1;
    feedBody.appendChild(search);
    var feedCount = el("div", "fl-feed-count");
    feedCount.setAttribute("aria-live", "polite");
    feedBody.appendChild(feedCount);
    var ol = el("ol", "fl-feed");
    ol.setAttribute("aria-label", "Claims on this map, in date order");
    feedBody.appendChild(ol);
    var order = claims.slice().sort(function (a, b) {
      return (a.day || "9999").localeCompare(b.day || "9999") || a.place.localeCompare(b.place) ||
        a.i - b.i;
    });
    var items = Object.create(null);
    function firstLine(q) {
      q = (q || "").replace(/\s+/g, " ").trim();
      var m = /^(.{20,160}?[.!?])(\s|$)/.exec(q);
      var s = m ? m[1] : q;
      return s.length > 160 ? s.slice(0, 157) + "\u2026" : s;
    }
    order.forEach(function (r) {
      var G = api.byId[r.id];
      var li = el("li", "fl-item");
      li.setAttribute("data-claim", r.id);
      var top = el("div", "fl-item-top");
      var ic = el("span", "fl-ic");
      ic.innerHTML = FL.iconSvg(r.event, r.side, G ? G.status : r.status, 18, G && G.approx);
      top.appendChild(ic);
      var a = el("a", "fl-item-link", FL.eventWord(r) + ": " + r.place +
        (G && G.akey ? " (area)" : ""));
      a.href = "#claim=" + encodeURIComponent(r.id);
      a.setAttribute("data-tab", "1");
      a.tabIndex = -1;
      top.appendChild(a);
      top.appendChild(FL.statusBadge(r.status));
      li.appendChild(top);
      li.appendChild(el("div", "fl-item-meta", (r.day || "undated") + " \u00b7 who acted: " +
        FL.actorText(r) + " \u00b7 claimed by " + FL.claimantText(r)));
      if (G && G.n > 1) li.appendChild(el("div", "fl-item-n", "reported by " + G.n + " sources"));
      if (r.quote) li.appendChild(el("div", "fl-item-q", "\u201c" + firstLine(r.quote) + "\u201d"));
      li.addEventListener("click", function (e) {
        e.preventDefault();
        select(r.id, true);
      });
      ol.appendChild(li);
      items[r.id] = li;
    });
    function select(id, push) {
      if (!api.byId[id]) return;
      Object.keys(items).forEach(function (k) { items[k].classList.remove("fl-sel"); });
      if (items[id]) { items[id].classList.add("fl-sel"); items[id].setAttribute("aria-current", "true"); }
      if (push && history.replaceState) history.replaceState(null, "", "#claim=" + encodeURIComponent(id));
      if (phone) toggle("feed", false);
      api.openClaim(id);
    }
    api.select = select;
    function feedScroll() {
      var s = ol.querySelector(".fl-sel");
      if (s && s.scrollIntoView) s.scrollIntoView({block: "nearest"});
    }
    search.addEventListener("input", function () { state.q = search.value.trim(); apply(); });

    /* ---- filters --------------------------------------------------------------------- */
    var filterBody = panel("filters", "Filter claims", "Filters");
    var counter = el("div", "fl-count");
    counter.setAttribute("aria-live", "polite");
    function present(field, key) {
      return claims.some(function (r) {
        return pick(field === "side" ? SIDES : STATUSES, r[field], field === "side" ? "unknown" :
          "reported") === key;
      });
    }
    function svgSpan(ev, side, status, px, approx) {
      var s = el("span", "fl-sw");
      s.innerHTML = FL.iconSvg(ev, side, status, px, approx); /* fixed-vocabulary SVG only */
      return s;
    }
    api.svgSpan = svgSpan;
    function checkbox(parent, group, key, text, swatch) {
      var lab = el("label", "fl-check");
      var cb = el("input");
      cb.type = "checkbox";
      cb.checked = true;
      cb.name = group;
      cb.value = key;
      cb.setAttribute("data-filter", group + ":" + key);
      cb.setAttribute("data-tab", "1");
      cb.tabIndex = -1;
      cb.addEventListener("change", function () {
        if (group === "kind") state.kind[key] = cb.checked; else state[group][key] = cb.checked;
        apply();
      });
      lab.appendChild(cb);
      if (swatch) lab.appendChild(swatch);
      lab.appendChild(document.createTextNode(" " + text));
      parent.appendChild(lab);
    }
    var f = el("form", "fl-filters");
    f.addEventListener("submit", function (e) { e.preventDefault(); });
    var fs = el("fieldset"); fs.appendChild(el("legend", null, "Claimant side"));
    Object.keys(SIDES).forEach(function (s) {
      if (present("side", s)) checkbox(fs, "side", s, SIDES[s][1], svgSpan("mention", s, "reported", 16));
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
    lab.setAttribute("aria-live", "polite");
    function rng(name, val) {
      var i = el("input");
      i.type = "range"; i.min = 0; i.max = Math.max(0, days.length - 1); i.step = 1;
      i.value = val; i.name = name; i.setAttribute("data-filter", "date:" + name);
      i.setAttribute("aria-label", name === "from" ? "Claims from date" : "Claims up to date");
      i.setAttribute("data-tab", "1");
      i.tabIndex = -1;
      i.disabled = days.length < 2;
      return i;
    }
    var from = rng("from", 0), to = rng("to", state.to);
    function upd(e) {
      var a = +from.value, b = +to.value;
      if (a > b) { if (e && e.target === from) to.value = a; else from.value = b; }
      state.from = +from.value; state.to = +to.value;
      apply();
    }
    from.addEventListener("input", upd);
    to.addEventListener("input", upd);
    fs.appendChild(lab); fs.appendChild(from); fs.appendChild(to);
    if (undated) {
      var ul = el("label", "fl-check"), ucb = el("input");
      ucb.type = "checkbox"; ucb.checked = true; ucb.setAttribute("data-filter", "date:undated");
      ucb.setAttribute("data-tab", "1"); ucb.tabIndex = -1;
      ucb.addEventListener("change", function () { state.undated = ucb.checked; apply(); });
      ul.appendChild(ucb); ul.appendChild(document.createTextNode(" undated claims"));
      fs.appendChild(ul);
    }
    f.appendChild(fs);
    filterBody.appendChild(f);
    filterBody.appendChild(counter);
    api.setDates = function (a, b) { from.value = a; to.value = b; upd(); };

    /* ---- legend: compact at load, the full key one click away ---------------------------- */
    var ctlLine = null;
    var Legend = L.Control.extend({options: {position: "bottomleft"}, onAdd: function () {
      var box = el("section", "fl-legend leaflet-bar");
      box.setAttribute("aria-label", "Legend");
      if (api.mode !== "embed") box.appendChild(el("h1", "fl-title", data.title || "Claims map"));
      var groups = (data.groups || []).length || claims.length;
      box.appendChild(el("div", "fl-asof", "Claims as of " + (data.asof || "date unknown") +
        " \u00b7 " + claims.length + " claims" + (groups !== claims.length ? ", " + groups +
        " symbols" : "")));
      var key = el("div", "fl-key");
      key.appendChild(el("span", "fl-key-h", "Colour = who claims it:"));
      Object.keys(SIDES).forEach(function (s) {
        if (!present("side", s)) return;
        var d = el("span", "fl-key-i"); d.appendChild(svgSpan("mention", s, "reported", 14));
        var label = SIDES[s][1].replace(" / third party", "");
        if (s === "party" && (data.parties || []).length) label += ": " + data.parties.join(", ");
        d.appendChild(document.createTextNode(label));
        key.appendChild(d);
      });
      box.appendChild(key);
      if ((api.controls || []).length) {
        var cl = el("div", "fl-lg-i fl-ctl-line");
        cl.appendChild(el("span", "fl-ctl-sw"));
        ctlLine = el("span");
        cl.appendChild(ctlLine);
        box.appendChild(cl);
      }
      var more = el("details", "fl-more");
      more.open = wide || api.mode === "publish";
      more.appendChild(el("summary", null, "Full key: shapes, status, areas"));
      var g = el("div", "fl-lg");
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
        d.appendChild(document.createTextNode(STATUSES[s][0]));
        d.appendChild(el("span", "fl-desc", " \u2014 " + STATUSES[s][1]));
        g.appendChild(d);
      });
      g.appendChild(el("div", "fl-lg-h", "Position"));
      var d;
      if (api.groups.some(function (G) { return G.akey; }) || api.mode !== "publish") {
        d = el("div", "fl-lg-i fl-lg-area"); d.appendChild(el("span", "fl-area-sw"));
        d.appendChild(document.createTextNode("Shaded area, dashed edge: place known only as" +
          " part of this area (e.g. its hromada), not as a point"));
        g.appendChild(d);
      }
      if (api.groups.some(function (G) { return G.approx && !G.akey; }) || api.mode !== "publish") {
        d = el("div", "fl-lg-i"); d.appendChild(svgSpan("captured", "unknown", "reported", 20, true));
        d.appendChild(document.createTextNode("Dashed ring: approximate position, no area known"));
        g.appendChild(d);
      }
      d = el("div", "fl-lg-i"); d.appendChild(el("span", "fl-cluster-sw", "5"));
      d.appendChild(document.createTextNode("Number in a circle: that many claims grouped there"));
      d.appendChild(el("span", "fl-desc", "; zoom in or click to see them"));
      g.appendChild(d);
      more.appendChild(g);
      if (data.unresolved) more.appendChild(el("div", "fl-note", data.unresolved +
        " place name(s) could not be located and are not on the map."));
      box.appendChild(more);
      box.appendChild(el("div", "fl-note fl-disclaim", "Each symbol is a claim as reported, not" +
        " a verified position."));
      if (data.source) box.appendChild(el("div", "fl-note fl-source", "Source: " + data.source));
      box.appendChild(el("div", "fl-note fl-credit", "Credits: " + api.credits));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }});
    var legend = new Legend().addTo(map);
    window.addEventListener("beforeprint", function () {
      var m = legend.getContainer().querySelector(".fl-more");
      if (m) m.open = true;
    });
    api.onControl = function (c) {
      if (ctlLine) ctlLine.textContent = "Assessed Russian-controlled area, as of " +
        (c.date || "date unknown") + " (" + c.file + ")";
    };

    /* ---- apply filters to markers, areas and the feed ---------------------------------- */
    function apply() {
      var want = Object.create(null);
      claims.forEach(function (r) { want[r.id] = wanted(r); });
      api.setShown(function (G) { return G.recs.some(function (r) { return want[r.id]; }); });
      var n = 0;
      claims.forEach(function (r) {
        var on = want[r.id] && matches(r);
        if (items[r.id]) items[r.id].hidden = !on;
        if (on) n++;
      });
      feedCount.textContent = n + " of " + claims.length + " claims listed";
      counter.textContent = "Showing " + claims.filter(function (r) { return want[r.id]; }).length +
        " of " + claims.length + " claims";
      var txt = days.length ? days[state.from] + " \u2192 " + days[state.to] : "no dated claims";
      lab.textContent = txt;
      from.setAttribute("aria-valuetext", days[state.from] || "no dates");
      to.setAttribute("aria-valuetext", days[state.to] || "no dates");
      if (api.showControlAt) api.showControlAt(days.length ? days[state.to] : null);
    }
    api.apply = apply;

    /* ---- embed, publication, permalink ------------------------------------------------ */
    if (api.mode === "embed") {
      map.scrollWheelZoom.disable();
      container.addEventListener("click", function () { map.scrollWheelZoom.enable(); });
      container.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
    }
    if (api.mode === "publish") {
      map.scrollWheelZoom.disable();
      map.dragging.disable();
    }
    function fromHash() {
      var m = /(?:^#|&)claim=([^&]+)/.exec(location.hash);
      if (m) select(decodeURIComponent(m[1]), false);
    }
    window.addEventListener("hashchange", fromHash);
    api.afterInit = function () {
      if (wide && api.mode === "page") { toggle("feed", true); toggle("filters", true); }
      fromHash();
    };
  }

  FL.panels = panels;
})();
