"""The relations report: every analysis of a few actors and their dyads over one scope,
as one self-contained HTML page (plotly charts, tables, the evidence behind each finding)
and, with the ``png`` extra, each chart as a PNG.

Example:
    >>> con = connect("events.duckdb", read_only=True)
    >>> report = build_report(con, ReportRequest(actors=("RUS", "ARM", "AZE")))
    >>> write_html(report, "report.html")
    >>> write_png(report, "charts")
"""

from realpolitik.report.build import build_report, busiest_countries, busiest_pairs, halve
from realpolitik.report.charts import Chart, charts
from realpolitik.report.images import write_png
from realpolitik.report.page import check_target, render_html, write_html
from realpolitik.report.records import Report, ReportRequest, Trajectory

__all__ = [
    "Chart",
    "Report",
    "ReportRequest",
    "Trajectory",
    "build_report",
    "busiest_countries",
    "busiest_pairs",
    "charts",
    "check_target",
    "halve",
    "render_html",
    "write_html",
    "write_png",
]
