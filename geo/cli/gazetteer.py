"""``frontline gazetteer``: look names up, and say what the gazetteer holds and where it came from."""
from __future__ import annotations

import json

import click

from geo.errors import GazetteerError


@click.group()
def gazetteer():
    """The offline gazetteer: candidates for a name; sources, counts and licences.

    \b
    Example:
      frontline gazetteer lookup "Sukhyi Yar"
      frontline gazetteer info
    """


@gazetteer.command()
@click.argument("name")
@click.option("--country", default=None, metavar="CC", help="Only candidates in this country "
              "(ISO 3166-1 alpha-2, e.g. UA).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
@click.pass_obj
def lookup(obj, name, country, limit, as_json):
    """List the places a NAME may mean, with coordinates and how precise each is.

    \b
    Example:
      frontline gazetteer lookup "Sukhyi Yar"
      frontline gazetteer lookup Pokrovsk --country UA
      frontline gazetteer lookup Rivne --json
    """
    cands = obj.gz.lookup(name, country=country)
    if not cands:
        raise GazetteerError(f"no gazetteer entry for {name!r}"
                             + (f" in {country}" if country else ""))
    rows = []
    for c in cands[:limit]:
        p = c.place
        rows.append({"id": p.id, "name": p.name, "lat": round(p.lat, 5), "lon": round(p.lon, 5),
                     "type": p.place_type.value, "country": p.country, "admin1": p.admin1,
                     "population": p.population, "source": p.source,
                     "precision": p.precision.value, "precision_note": p.precision_note,
                     "matched": f"{'main' if c.main_name else 'alternate'} name '{c.matched}'"
                                + (f" (weight {c.weight:.2f})" if c.weight < 1 else ""),
                     "hromada": (p.raw or {}).get("hromada"), "raion": (p.raw or {}).get("raion")})
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    cols = ("id", "name", "lat", "lon", "type", "where", "population", "precision", "matched")
    click.echo("\t".join(cols))
    for r in rows:
        prec = r["precision_note"] or r["precision"]
        where = ", ".join(x for x in (r["hromada"] and f"{r['hromada']} hromada",
                                      r["raion"] and f"{r['raion']} raion",
                                      r["admin1"] or r["country"]) if x)
        vals = [r["id"], r["name"], r["lat"], r["lon"], r["type"], where or "-",
                f"{r['population']:,}", prec, r["matched"]]
        click.echo("\t".join(str(v) for v in vals))
    if len(cands) > limit:
        click.echo(f"... {len(cands) - limit} more (--limit)", err=True)


@gazetteer.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def info(obj, as_json):
    """Counts per source, data versions, licences and the cache file.

    \b
    Example:
      frontline gazetteer info
    """
    data = obj.gz.info()
    if as_json:
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
        return
    click.echo(f"{data['places']:,} places under {data['names']:,} names "
               f"(+{data['user_entries']} of yours)")
    click.echo(f"Ukraine: {data['village_points']['summary']}")
    for src, n in sorted(data["by_source"].items(), key=lambda kv: -kv[1]):
        click.echo(f"  {src:18} {n:>9,}")
    click.echo("Sources and licences:")
    for key, s in data["sources"].items():
        click.echo(f"  {key:18} {s['what']} ({s['licence']})")
    click.echo("Data versions: " + ", ".join(f"{k} {v}" for k, v in data["versions"].items()))
    click.echo(f"Cache: {data['cache']}")
