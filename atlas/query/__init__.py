"""Query functions over the built atlas database: each runs one named statement from
`sql/queries/` on its own cursor and returns plain pandas objects for the builders and pages."""
