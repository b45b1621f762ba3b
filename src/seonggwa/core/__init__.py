"""Pieces every app shares: provenance fields, money/weight field helpers, conflicts."""
