"""Trade statistics beside the events: imports of UN Comtrade, CEPII BACI and plain tidy
tables into the store, trade series and mirror flows per dyad and product group, trade
dependence and partner concentration, and re-export signals.

Example:
    >>> import_trade(con, "comtrade", [Path("armenia-2022.csv")])
    >>> trade_series(con, "ARM", "RUS", hs="85", freq="year")
"""

from realpolitik.trade.areas import trade_areas
from realpolitik.trade.importer import import_flows, import_trade
from realpolitik.trade.records import TradeFileImport, TradeFlow, TradeImport

__all__ = [
    "TradeFileImport",
    "TradeFlow",
    "TradeImport",
    "import_flows",
    "import_trade",
    "trade_areas",
]
