"""Publish: the interactive map (with ``static/``), the control overlay, snapshots, export formats
and the QGIS style."""
