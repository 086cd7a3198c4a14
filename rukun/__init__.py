"""rukun: early warning of micro-conflicts in Malaysian neighbourhoods."""

__version__ = "0.1.0"
