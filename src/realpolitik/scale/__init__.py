"""Coding beyond one machine: a corpus partitioned and coded on a Dask cluster.

Example:
    >>> from realpolitik.scale import ingest_on_dask
    >>> with connect("events.duckdb") as con:
    ...     summary = ingest_on_dask(con, read_sources(["news/"]), coder=Coder(),
    ...                              scheduler="tcp://10.0.0.5:8786")
"""

from __future__ import annotations

from realpolitik.scale.dask import (
    PARTITION_SIZE,
    Partition,
    dask_client,
    ingest_on_dask,
    partitions,
)

__all__ = ["PARTITION_SIZE", "Partition", "dask_client", "ingest_on_dask", "partitions"]
