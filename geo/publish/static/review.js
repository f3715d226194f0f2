/* Frontline review page: the queue, one claim in its article, Accept / Reject / Correct.
 * Article text is untrusted: it is only ever put in the page with textContent. */
(function () {
  "use strict";
  var TOKEN = document.querySelector('meta[name="frontline-token"]').content;
  var TILES = document.querySelector('meta[name="frontline-tiles"]').content === "1";
  var $ = function (id) { return document.getElementById(id); };
  var S = {all: [], shown: [], i: -1, detail: null, map: null, layer: null, basemap: null,
           lookupName: null, busy: false};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function say(text, kind) {
    var m = $("msg");
    clear(m);
    m.className = "rv-msg" + (kind ? " rv-" + kind : "");
    if (text) m.appendChild(document.createTextNode(text));
    return m;
  }

  function api(method, url, body) {
    var opt = {method: method, headers: {"Accept": "application/json"}, credentials: "same-origin"};
    if (body !== undefined) {
      opt.headers["Content-Type"] = "application/json";
      opt.headers["X-Frontline-Token"] = TOKEN;
      opt.body = JSON.stringify(body);
    }
    return fetch(url, opt).then(function (r) {
      return r.json().catch(function () { return {error: "HTTP " + r.status}; })
        .then(function (data) { return {status: r.status, data: data}; });
    });
  }

  // ------------------------------------------------------------------ queue
  function facet(sel, values) {
    var cur = sel.value;
    while (sel.options.length > 1) sel.remove(1);
    values.forEach(function (v) { var o = el("option", null, v); o.value = v; sel.appendChild(o); });
    sel.value = cur;
  }
  function sortedSet(key) {
    var seen = {};
    S.all.forEach(function (c) { seen[c[key] || "(none)"] = 1; });
    return Object.keys(seen).sort();
  }

  function loadQueue(keep) {
    return api("GET", "/api/claims").then(function (r) {
      if (r.status !== 200) { $("empty").textContent = r.data.error || "cannot read the ledger"; return; }
      var fresh = r.data.claims;
      if (keep && S.all.length) {  // keep the order the reviewer is working through
        var byId = {};
        fresh.forEach(function (c) { byId[c.claim_id] = c; });
        S.all = S.all.map(function (c) { return byId[c.claim_id]; }).filter(Boolean);
      } else {
        S.all = fresh;
      }
      counts(r.data);
      if (!keep) {
        facet($("f-side"), sortedSet("claimant_side"));
        facet($("f-status"), sortedSet("status"));
        facet($("f-review"), ["pending", "accepted", "corrected", "rejected", "outdated"]);
        facet($("f-event"), sortedSet("event"));
        facet($("f-article"), sortedSet("article"));
      }
      filter(keep);
    });
  }

  function counts(data) {
    var c = data.counts, box = $("counts");
    clear(box);
    ["pending", "accepted", "corrected", "rejected"].forEach(function (k) {
      var s = el("span", "rv-count rv-" + k, k + " " + c[k]);
      s.setAttribute("data-count", k);
      box.appendChild(s);
    });
    var notes = [];
    if (data.outdated) notes.push(data.outdated + " reviewed claim(s) changed since review");
    if (data.orphans && data.orphans.length)
      notes.push(data.orphans.length + " review(s) refer to claims no longer in the ledger");
    $("queue-note").textContent = notes.join("; ");
  }

  function matches(c) {
    var q = $("f-place-q").value.trim().toLowerCase();
    if (q && (c.place || "").toLowerCase().indexOf(q) < 0 &&
        (c.mention || "").toLowerCase().indexOf(q) < 0) return false;
    var f = [["f-side", "claimant_side"], ["f-status", "status"], ["f-event", "event"],
             ["f-article", "article"]];
    for (var i = 0; i < f.length; i++) {
      var v = $(f[i][0]).value;
      if (v && (c[f[i][1]] || "(none)") !== v) return false;
    }
    var rv = $("f-review").value;
    if (rv === "outdated") return !!c.review_outdated;
    if (rv && c.review_status !== rv) return false;
    return true;
  }

  function filter(keep) {
    var cur = S.shown[S.i] && S.shown[S.i].claim_id;
    S.shown = S.all.filter(matches);
    var list = $("queue");
    clear(list);
    S.shown.forEach(function (c, i) {
      var li = el("li", "rv-item");
      li.tabIndex = -1;
      li.setAttribute("data-claim", c.claim_id);
      li.setAttribute("data-review", c.review_status);
      var top = el("div", "rv-item-top");
      top.appendChild(el("b", null, c.place || c.mention || "?"));
      top.appendChild(el("span", "rv-badge rv-" + (c.review_outdated ? "outdated" : c.review_status),
        c.review_outdated ? c.review_status + ", changed since" : c.review_status));
      li.appendChild(top);
      li.appendChild(el("div", "rv-item-sub", [c.event, c.status, c.claimant_side || "no side",
        "conf " + (c.confidence == null ? "?" : Number(c.confidence).toFixed(2))].join(" \u00b7 ")));
      li.appendChild(el("div", "rv-item-art", c.article + (c.published ? ", " + c.published : "")));
      li.addEventListener("click", function () { select(i); });
      list.appendChild(li);
    });
    var idx = -1;
    if (keep && cur) S.shown.forEach(function (c, i) { if (c.claim_id === cur) idx = i; });
    if (!S.shown.length) {
      $("claim").hidden = true;
      $("empty").hidden = false;
      $("empty").textContent = "No claim matches the filters.";
      S.i = -1;
      return;
    }
    if (idx < 0) { S.i = -1; select(0); } else { S.i = idx; mark(); }
  }

  function mark() {
    var items = $("queue").children;
    for (var j = 0; j < items.length; j++) {
      var on = j === S.i;
      items[j].classList.toggle("rv-current", on);
      if (on) items[j].setAttribute("aria-current", "true"); else items[j].removeAttribute("aria-current");
    }
    if (items[S.i] && items[S.i].scrollIntoView) items[S.i].scrollIntoView({block: "nearest"});
  }

  function select(i) {
    if (i < 0 || i >= S.shown.length) return Promise.resolve();
    S.i = i;
    mark();
    var id = S.shown[i].claim_id;
    S.detail = null;  // no decision until this claim is on screen
    $("claim").setAttribute("aria-busy", "true");
    return api("GET", "/api/claims/" + encodeURIComponent(id)).then(function (r) {
      if (S.shown[S.i] && S.shown[S.i].claim_id !== id) return;  // moved on meanwhile
      if (r.status !== 200) { say(r.data.error || "cannot load the claim", "error"); return; }
      S.detail = r.data;
      show(r.data);
    });
  }

  // ------------------------------------------------------------------ one claim
  function row(tb, k, v) {
    if (v === undefined || v === null || v === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, k));
    tr.appendChild(el("td", null, v));
    tb.appendChild(tr);
  }

  function show(d) {
    var c = d.claim, a = d.applied;
    $("empty").hidden = true;
    $("claim").hidden = false;
    $("claim").setAttribute("data-claim", c.claim_id);
    $("claim").removeAttribute("aria-busy");
    $("c-place").textContent = a.place + (a.mention && a.mention !== a.place ? " (\u201c" + a.mention + "\u201d)" : "");
    $("c-where").textContent = [a.admin1, a.country, a.precision_note || a.precision].filter(Boolean).join(" \u00b7 ");
    state(d);
    var tb = $("c-facts").tBodies[0];
    clear(tb);
    row(tb, "Place", a.place + (a.machine_place_id ? "  (machine: " + c.place + ", " +
      [c.admin1, c.country].filter(Boolean).join(", ") + ")" : ""));
    var fields = [["Event", "event"], ["Actor", "actor"], ["Claimant", "claimant"],
                  ["Side", "claimant_side"], ["Status", "status"], ["Event date", "event_date"]];
    fields.forEach(function (f) {
      var v = a[f[1]], m = a["machine_" + f[1]];
      row(tb, f[0], (v == null ? "\u2014" : v) + (("machine_" + f[1]) in a ? "  (machine: " + (m == null ? "\u2014" : m) + ")" : ""));
    });
    row(tb, "Confidence", c.confidence == null ? null : Number(c.confidence).toFixed(3));
    row(tb, "Published", [c.published, c.outlet].filter(Boolean).join(", "));
    row(tb, "Sources", c.sources > 1 ? c.sources + " articles" : null);
    $("c-article").textContent = "(" + (d.article.title || d.article.id) + ")";
    context(d.context);
    $("c-evidence").textContent = "Evidence: " + (c.evidence || "none recorded");
    $("c-resolution").textContent = "Place resolution: " + (c.resolution || "none recorded");
    history(d.history);
    candidates(d);
    drawMap(d);
    $("note").value = "";
    closeCorrect();
    say("");
  }

  function state(d) {
    var box = $("c-state"), a = d.applied, r = d.review;
    clear(box);
    box.setAttribute("data-review", a.review_status);
    box.appendChild(el("span", "rv-badge rv-" + a.review_status, a.review_status));
    if (r) box.appendChild(document.createTextNode(" by " + r.reviewer + " at " + r.reviewed_at +
      (r.note ? ": " + r.note : "")));
    else box.appendChild(document.createTextNode(" not reviewed yet"));
    if (a.review_outdated) box.appendChild(el("div", "rv-warn",
      "The machine's claim changed since this review (re-ingested article): please review it again."));
  }

  function context(cx) {
    var box = $("c-context");
    clear(box);
    var text = cx.text || "", marks = cx.marks || {}, cuts = {0: 1};
    cuts[text.length] = 1;
    Object.keys(marks).forEach(function (k) { cuts[marks[k][0]] = 1; cuts[marks[k][1]] = 1; });
    var pos = Object.keys(cuts).map(Number).filter(function (n) { return n >= 0 && n <= text.length; })
      .sort(function (x, y) { return x - y; });
    if (cx.clipped_start) box.appendChild(document.createTextNode("\u2026 "));
    for (var i = 0; i + 1 < pos.length; i++) {
      var s = pos[i], e = pos[i + 1], cls = [];
      Object.keys(marks).forEach(function (k) {
        if (marks[k][0] <= s && e <= marks[k][1]) cls.push("hl-" + k);
      });
      var piece = text.slice(s, e);
      if (!cls.length) { box.appendChild(document.createTextNode(piece)); continue; }
      var tag = cls.length === 1 && cls[0] === "hl-quote" ? "span" : "mark";
      box.appendChild(el(tag, cls.join(" "), piece));
    }
    if (cx.clipped_end) box.appendChild(document.createTextNode(" \u2026"));
    if (!cx.from_article) box.appendChild(el("div", "rv-note",
      "(the ledger holds no text for this article: the quote alone; re-ingest to store it)"));
    var hit = box.querySelector(".hl-place") || box.querySelector(".hl-quote");
    box.scrollTop = hit ? Math.max(0, hit.offsetTop - 60) : 0;
  }

  function history(list) {
    var ol = $("c-history").querySelector("ol");
    clear(ol);
    list.slice().reverse().forEach(function (r) {
      var li = el("li", null, r.reviewed_at + " \u2014 " + r.reviewer + ": " + r.decision +
        (r.after && r.after.place ? " (place \u2192 " + r.after.place.place + ")" : "") +
        (r.note ? " \u2014 " + r.note : ""));
      ol.appendChild(li);
    });
    $("c-history").hidden = !list.length;
  }

  function candidates(d) {
    var ol = $("c-cands");
    clear(ol);
    d.candidates.forEach(function (p) {
      var chosen = p.place_id === d.claim.place_id;
      var theirs = !!d.applied.machine_place_id && p.place_id === d.applied.place_id;
      var li = el("li", chosen || theirs ? "rv-chosen" : null);
      li.appendChild(el("b", null, p.place));
      li.appendChild(document.createTextNode(" \u2014 " + [p.admin1, p.country].filter(Boolean).join(", ") +
        " \u00b7 " + (p.precision || "?") + (p.population ? " \u00b7 pop. " + p.population.toLocaleString("en") : "") +
        " \u00b7 " + (p.source || "?") + (chosen ? " \u00b7 the machine's choice" : "") +
        (theirs ? " \u00b7 the reviewer's choice" : "")));
      li.setAttribute("data-place", p.place_id);
      ol.appendChild(li);
    });
  }

  function drawMap(d) {
    if (!window.L) return;
    if (!S.map) {
      S.map = L.map("c-map", {zoomControl: true, attributionControl: TILES});
      if (TILES) L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 17,
        attribution: "&copy; OpenStreetMap contributors"}).addTo(S.map);
      S.layer = L.layerGroup().addTo(S.map);
    }
    S.layer.clearLayers();
    var pts = [];
    d.candidates.forEach(function (p) {
      if (p.place_id === d.claim.place_id || p.lat == null) return;
      var m = L.circleMarker([p.lat, p.lon], {radius: 5, color: "#666", fillColor: "#bbb",
        fillOpacity: 0.9, weight: 1});
      m.bindTooltip(el("span", null, p.place + " (" + (p.admin1 || p.country || "?") + ")"));
      m.addTo(S.layer);
      pts.push([p.lat, p.lon]);
      basemap(p.lon, p.lat);
    });
    var a = d.applied;
    if (a.machine_place_id) {
      L.circleMarker([d.claim._lat, d.claim._lon], {radius: 6, color: "#999", fillColor: "#fff",
        fillOpacity: 1, weight: 2, dashArray: "2 2"}).bindTooltip(el("span", null,
        "machine: " + d.claim.place)).addTo(S.layer);
    }
    var lat = a.machine_place_id ? a._lat : d.claim._lat, lon = a.machine_place_id ? a._lon : d.claim._lon;
    var main = L.circleMarker([lat, lon], {radius: 8, color: "#b00020", fillColor: "#e53935",
      fillOpacity: 0.9, weight: 2});
    main.bindTooltip(el("span", null, a.place), {permanent: false});
    main.addTo(S.layer);
    pts.push([lat, lon]);
    basemap(lon, lat);
    if (pts.length > 1) S.map.fitBounds(pts, {padding: [20, 20], maxZoom: 9});
    else S.map.setView([lat, lon], a.place_type === "country" ? 4 : 8);
    setTimeout(function () { S.map.invalidateSize(); }, 0);
  }

  function basemap(lon, lat) {
    var key = Math.round(lon / 10) * 10 + "," + Math.round(lat / 10) * 10;
    S.cells = S.cells || {};
    if (S.cells[key]) return;
    S.cells[key] = 1;
    api("GET", "/api/basemap?lon=" + lon + "&lat=" + lat).then(function (r) {
      if (r.status !== 200) { delete S.cells[key]; return; }
      L.geoJSON(r.data, {style: {color: "#888", weight: 1, fillColor: "#f2efe9", fillOpacity: 1},
        interactive: false}).addTo(S.map).bringToBack();
    });
  }

  // ------------------------------------------------------------------ decisions
  function decide(body, advance) {
    var d = S.detail;
    if (!d || S.busy) return Promise.resolve();
    body.base = d.review ? d.review.id : null;
    body.note = $("note").value;
    S.busy = true;
    say("Saving\u2026");
    var id = d.claim.claim_id;
    return api("POST", "/api/claims/" + encodeURIComponent(id) + "/review", body).then(function (r) {
      S.busy = false;
      if (r.status === 409) { conflict(r.data, body); return; }
      if (r.status !== 200) { say(r.data.error || ("HTTP " + r.status), "error"); return; }
      var rv = r.data.review;
      var saved = r.data.saved_place;
      var text = "Recorded: " + rv.decision + " by " + rv.reviewer + " at " + rv.reviewed_at +
        (saved ? (saved.added ? "; place saved in " : "; place already in ") + saved.path : "");
      return loadQueue(true).then(function () {
        if (advance && S.i + 1 < S.shown.length) {
          return select(S.i + 1).then(function () { say(text, "ok"); });
        }
        return select(S.i).then(function () { say(text, "ok"); });
      });
    }, function (err) { S.busy = false; say("The review server did not answer: " + err, "error"); });
  }

  function conflict(data, body) {
    var m = say(data.error + ". Your decision was not recorded. ", "error");
    m.setAttribute("data-conflict", "1");
    var b = el("button", null, "Record mine anyway");
    b.type = "button";
    b.addEventListener("click", function () {
      body.force = true;
      decide(body, false);
    });
    m.appendChild(b);
    var c = el("button", null, "Show their decision");
    c.type = "button";
    c.addEventListener("click", function () { select(S.i); loadQueue(true); });
    m.appendChild(c);
  }

  function options(sel, values, current) {
    clear(sel);
    values.forEach(function (v) {
      var o = el("option", null, v == null ? "(none)" : v);
      o.value = v == null ? "" : v;
      sel.appendChild(o);
    });
    sel.value = current == null ? "" : current;
  }

  function placeOption(sel, p, label) {
    var o = el("option", null, label || (p.place + " \u2014 " + [p.admin1, p.country].filter(Boolean).join(", ") +
      " (" + (p.source || "?") + ")"));
    o.value = p.place_id;
    sel.appendChild(o);
    return o;
  }

  function openCorrect() {
    var d = S.detail;
    if (!d) return;
    var a = d.applied, v = d.vocab, sel = $("x-place");
    clear(sel);
    d.candidates.forEach(function (p) { placeOption(sel, p); });
    var none = el("option", null, "none of these places (rejects the claim)");
    none.value = "none";
    sel.appendChild(none);
    sel.value = a.place_id;
    if (sel.value !== a.place_id) sel.value = d.claim.place_id;
    S.lookupName = null;
    $("x-lookup").value = "";
    $("x-save").checked = false;
    $("x-save").disabled = !d.can_save_place;
    options($("x-event"), v.event, a.event);
    options($("x-actor"), v.actor, a.actor);
    options($("x-side"), v.claimant_side, a.claimant_side);
    options($("x-status"), v.status, a.status);
    $("x-claimant").value = a.claimant || "";
    $("x-date").value = a.event_date || "";
    $("correct").hidden = false;
    $("b-correct").setAttribute("aria-expanded", "true");
    sel.focus();
  }

  function closeCorrect() {
    $("correct").hidden = true;
    $("b-correct").setAttribute("aria-expanded", "false");
  }

  function lookup() {
    var name = $("x-lookup").value.trim();
    if (!name) return;
    api("GET", "/api/lookup?name=" + encodeURIComponent(name)).then(function (r) {
      if (r.status !== 200) { say(r.data.error, "error"); return; }
      var sel = $("x-place");
      if (!r.data.candidates.length) { say("No gazetteer entry for " + name, "error"); return; }
      var g = el("optgroup");
      g.label = "Look-up: " + name;
      r.data.candidates.forEach(function (p) {
        var o = placeOption(g, p);
        o.setAttribute("data-lat", p.lat);
      });
      sel.appendChild(g);
      sel.value = r.data.candidates[0].place_id;
      S.lookupName = name;
      say(r.data.candidates.length + " place(s) for " + name + " added to the list");
    });
  }

  function saveCorrection(ev) {
    ev.preventDefault();
    var d = S.detail, c = d.claim, changes = {};
    var vals = {event: $("x-event").value, actor: $("x-actor").value || null,
                claimant: $("x-claimant").value.trim() || null,
                claimant_side: $("x-side").value || null, status: $("x-status").value,
                event_date: $("x-date").value.trim() || null};
    Object.keys(vals).forEach(function (k) {
      if ((vals[k] || null) !== (c[k] || null)) changes[k] = vals[k];
    });
    var body = {decision: "corrected", changes: changes};
    var pid = $("x-place").value;
    if (pid !== c.place_id) body.place_id = pid;
    if (S.lookupName) body.place_lookup = S.lookupName;
    if ($("x-save").checked) body.save_place = true;
    decide(body, true);
  }

  function step(n) {
    if (!S.shown.length) return;
    select(Math.max(0, Math.min(S.shown.length - 1, S.i + n)));
  }

  // ------------------------------------------------------------------ wiring
  $("b-accept").addEventListener("click", function () { decide({decision: "accepted"}, true); });
  $("b-reject").addEventListener("click", function () { decide({decision: "rejected"}, true); });
  $("b-correct").addEventListener("click", function () {
    if ($("correct").hidden) openCorrect(); else closeCorrect();
  });
  $("b-cancel").addEventListener("click", closeCorrect);
  $("b-lookup").addEventListener("click", lookup);
  $("x-lookup").addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); lookup(); }
  });
  $("correct").addEventListener("submit", saveCorrection);
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  ["f-side", "f-status", "f-review", "f-event", "f-article"].forEach(function (id) {
    $(id).addEventListener("change", function () { filter(false); });
  });
  $("f-place-q").addEventListener("input", function () { filter(false); });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) {
      if (e.key === "Escape") { t.blur(); closeCorrect(); }
      return;
    }
    var k = e.key;
    if (k === "j") step(1);
    else if (k === "k") step(-1);
    else if (k === "a") decide({decision: "accepted"}, true);
    else if (k === "r") decide({decision: "rejected"}, true);
    else if (k === "c") openCorrect();
    else if (k === "Escape") closeCorrect();
    else return;
    e.preventDefault();
  });
  loadQueue(false).then(function () { document.body.setAttribute("data-ready", "1"); });
})();
