"""volunteers service."""
