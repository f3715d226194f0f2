"""``frontline eval``: scores against gold files and GeoWebNews."""
from __future__ import annotations

import json
import logging

import click

log = logging.getLogger("geo.cli.eval")


@click.command("eval")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Gold annotations (the format of shared/eval/seeds_gold.json).")
@click.option("--geowebnews", type=click.Path(exists=True), default=None,
              help="GeoWebNews GWN.xml (or its folder): report Acc@161km.")
@click.option("--json", "as_json", is_flag=True,
              help="Machine-readable figures on stdout (for CI); notes stay on stderr.")
@click.argument("paths", nargs=-1)
@click.pass_obj
def eval_(obj, gold, geowebnews, as_json, paths):
    """Score extraction against a gold file and/or the GeoWebNews benchmark.

    Prints place recall, distance errors, namesake traps, claim metrics, and the same
    figures for the population-only baseline.

    \b
    Example:
      frontline eval --gold ../shared/eval/seeds_gold.json seeds/
      frontline eval --gold ../shared/eval/seeds_gold.json seeds/ --json | jq .gold
      frontline eval --geowebnews ../shared/eval/geowebnews/GWN.xml
    """
    from geo import evaluate
    from geo.cli.progress import Steps

    if not gold and not geowebnews:
        raise click.UsageError("give --gold GOLD.json with PATHS, and/or --geowebnews")
    if gold and not paths:
        raise click.UsageError("--gold needs the article PATHS to extract")
    results = {}
    with Steps(bool(gold) + bool(geowebnews), "eval") as steps:
        if gold:
            log.info("scoring %d path(s) against %s", len(paths), gold)
            results["gold"] = evaluate.evaluate_gold(gold, paths, obj.gz)
            steps.step("gold")
        if geowebnews:
            log.info("scoring the GeoWebNews toponyms in %s", geowebnews)
            results["geowebnews"] = evaluate.evaluate_geowebnews(geowebnews, obj.gz)
            steps.step("geowebnews")
    if as_json:
        click.echo(json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True,
                              default=str))
    else:
        click.echo(evaluate.format_results(results))
