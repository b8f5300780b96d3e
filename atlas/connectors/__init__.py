"""Connectors to official Danish data sources and to users' own files; see docs/online-data.md."""
