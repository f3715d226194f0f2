"""The ``frontline`` command: the only package that imports every wing.

One module per command group; :mod:`geo.cli.base` holds the click group and the helpers they
share.  Only this package prints or exits.
"""
from __future__ import annotations

from geo.cli.base import main
from geo.cli.eval import eval_
from geo.cli.export import export
from geo.cli.extract import extract
from geo.cli.places import places
from geo.cli.gazetteer import gazetteer
from geo.cli.ledger import ingest, timeline
from geo.cli.map import map_, snapshot
from geo.cli.review import review

for _command in (extract, places, map_, snapshot, export, eval_, ingest, timeline, gazetteer,
                 review):
    main.add_command(_command)

__all__ = ["main"]
