"""The package version, apart from ``corridor/__init__`` so that any module can read it."""

__version__ = "0.2.0"
