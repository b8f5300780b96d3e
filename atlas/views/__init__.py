"""The view layer: query results + registry + language -> what a page shows (see
docs/architecture.md). No Streamlit here."""
