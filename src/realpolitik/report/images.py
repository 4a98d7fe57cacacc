"""The report's charts as PNG files, drawn offline.

Plotly's static export is kaleido (1.x), which drives a Chrome or Chromium found on the
machine (Debian's ``chromium`` will do; ``BROWSER_PATH`` names another) through the
DevTools protocol. Kaleido is the optional extra ``png``. The page kaleido draws in loads
plotly.js from the installed plotly package and no MathJax, so nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from realpolitik.errors import Errors, ReportError
from realpolitik.report.charts import HEIGHT, WIDTH, Chart, charts
from realpolitik.report.records import Report


def _kaleido() -> Any:
    try:
        import kaleido
    except ImportError:
        raise ReportError(Errors.E622) from None
    return kaleido


def write_png(
    report: Report, folder: Path | str, drawn: Sequence[Chart] | None = None
) -> list[Path]:
    """Write every chart of ``report`` as ``folder/NAME.png`` (the folder is made when
    missing); returns the files in page order.

    Raises:
        ReportError: E621 when the folder cannot be written, E622 without kaleido, E623
            without a browser, E624 when drawing fails.

    Example:
        >>> write_png(report, "charts")
        [PosixPath('charts/timeline.png'), PosixPath('charts/dyad-RUS-ARM.png'), ...]
    """
    kaleido = _kaleido()
    from kaleido.errors import ChromeNotFoundError

    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / ".realpolitik-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise ReportError(Errors.E621.format(path=target, reason=err.strerror or err)) from None
    drawn = list(drawn) if drawn is not None else charts(report)
    paths = [target / f"{chart.name}.png" for chart in drawn]
    specs = [
        {
            "fig": chart.figure.to_dict(),
            "path": path,
            "opts": {
                "format": "png",
                "width": chart.figure.layout.width or WIDTH,
                "height": chart.figure.layout.height or HEIGHT,
                "scale": 1,
            },
        }
        for chart, path in zip(drawn, paths, strict=True)
    ]
    try:
        kaleido.write_fig_from_object_sync(
            specs, kopts={"mathjax": False, "n": 1}, cancel_on_error=True
        )
    except ChromeNotFoundError:
        raise ReportError(Errors.E623) from None
    except Exception as err:
        raise ReportError(
            Errors.E624.format(path=target, reason=str(err).strip() or type(err).__name__)
        ) from None
    missing = [p for p in paths if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise ReportError(
            Errors.E624.format(path=target, reason=f"{missing[0].name} was not written")
        )
    return paths
