"""Trade records fetched from the UN Comtrade API with its official client
(``pip install 'realpolitik[comtrade]'``) and a user's subscription key. The offline imports
never need it; what the API returns goes through the same reading as a downloaded file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.errors import Errors, TradeError
from realpolitik.interchange.rows import Problem
from realpolitik.interchange.tabular import column_key
from realpolitik.trade.comtrade import record_flows
from realpolitik.trade.records import TradeFlow
from realpolitik.trade.series import check_country

if TYPE_CHECKING:
    import pandas as pd

SOURCE = Path("comtrade-api")


def m49(code: str, option: str) -> str:
    """The UN M49 number Comtrade takes for a country code (ARM: 51; WLD: 0)."""
    from realpolitik.trade.areas import trade_areas

    number = trade_areas().m49(check_country(code, option))
    if number is None:
        raise TradeError(Errors.E713.format(value=code, option=option))
    return str(int(number))


def fetch_comtrade(
    key: str,
    *,
    reporters: Sequence[str],
    partners: Sequence[str],
    periods: Sequence[str],
    hs: Sequence[str] = ("TOTAL",),
    flows: Sequence[str] = ("X", "M"),
    freq: str = "A",
) -> Iterator[TradeFlow | Problem]:
    """The flows the Comtrade API holds for the reporters, partners, periods (2022, or
    202205 with ``freq`` M) and HS codes.

    Raises:
        TradeError: E715 without the client, E716 when the call fails.
    """
    try:
        import comtradeapicall
    except ImportError:
        raise TradeError(Errors.E715) from None
    try:
        frame = comtradeapicall.getFinalData(
            key, typeCode="C", freqCode=freq, clCode="HS", period=",".join(periods),
            reporterCode=",".join(m49(r, "--reporter") for r in reporters),
            cmdCode=",".join(hs), flowCode=",".join(flows),
            partnerCode=",".join(m49(p, "--partner") for p in partners),
            partner2Code="0", customsCode="C00", motCode="0", maxRecords=250000,
            format_output="JSON", breakdownMode="classic", includeDesc=False,
        )  # fmt: skip
    except Exception as err:  # the client raises whatever its HTTP stack raises
        raise TradeError(Errors.E716.format(reason=err)) from None
    if frame is None:
        raise TradeError(
            Errors.E716.format(reason="no data came back (a wrong key or a refused query)")
        )
    yield from frame_flows(frame)


def frame_flows(frame: pd.DataFrame) -> Iterator[TradeFlow | Problem]:
    """The flows of the frame the Comtrade client returns (one record a row)."""
    records = frame.to_dict("records")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for n, record in enumerate(records, start=1):
            yield n, {column_key(str(k)): _text(v) for k, v in record.items()}

    yield from record_flows(rows(), SOURCE)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
