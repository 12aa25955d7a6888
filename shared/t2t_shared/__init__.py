"""Shared infrastructure for the Type 2 Together services."""
