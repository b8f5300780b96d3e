"""Renderers for charts and static figures (altair): pure functions from the view layer's
models to altair charts, and their offline export to SVG/PNG (vl-convert). Nothing here queries
the database, imports Streamlit or parses URLs."""
