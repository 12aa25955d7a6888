"""groups service."""
