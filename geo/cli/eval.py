"""``frontline eval``: scores against gold files and GeoWebNews."""
from __future__ import annotations

import json

import click



@click.command("eval")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Gold annotations (the format of shared/eval/seeds_gold.json).")
@click.option("--geowebnews", type=click.Path(exists=True), default=None,
              help="GeoWebNews GWN.xml (or its folder): report Acc@161km.")
@click.option("--json", "as_json", is_flag=True)
@click.argument("paths", nargs=-1)
@click.pass_obj
def eval_(obj, gold, geowebnews, as_json, paths):
    """Score extraction against a gold file and/or the GeoWebNews benchmark.

    Prints place recall, distance errors, namesake traps, claim metrics, and the same
    figures for the population-only baseline.

    \b
    Example:
      frontline eval --gold ../shared/eval/seeds_gold.json seeds/
      frontline eval --geowebnews ../shared/eval/geowebnews/GWN.xml
    """
    from geo import evaluate

    if not gold and not geowebnews:
        raise click.UsageError("give --gold GOLD.json with PATHS, and/or --geowebnews")
    results = {}
    if gold:
        if not paths:
            raise click.UsageError("--gold needs the article PATHS to extract")
        results["gold"] = evaluate.evaluate_gold(gold, paths, obj.gz)
    if geowebnews:
        results["geowebnews"] = evaluate.evaluate_geowebnews(geowebnews, obj.gz)
    if as_json:
        click.echo(json.dumps(results, indent=1, ensure_ascii=False))
    else:
        click.echo(evaluate.format_results(results))
