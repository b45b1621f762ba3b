"""seonggwa: performance management for Korean public organisations."""

__version__ = "0.1.0"
