"""Tests of the online connectors (atlas/connectors), `atlas fetch` and `atlas import`."""
