"""The version of realpolitik, importable by every stage without the package's API."""

__version__ = "0.1.0"
