"""How a report looks: accessible SVG charts with their tables, and the CSV layout.

Pure functions of the report's figures: no HTTP, no database, so they can be tested alone.
"""
