"""Which messages each event calls for: plain functions, free of any infrastructure."""
