"""``realpolitik serve``: a REST API over the store (and, in time, the dashboard), for one
analyst on a laptop or a small team on a shared server.

Example:
    >>> from realpolitik.web import create_app
    >>> app = create_app(Path("events.duckdb"), token="s3cret")
"""

from realpolitik.web.app import create_app

__all__ = ["create_app"]
