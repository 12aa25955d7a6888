"""ops service."""
