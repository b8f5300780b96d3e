"""Stories: slides in a TOML file, shown by the presenter page and written by `atlas
export-story` as one offline HTML file."""


def figure_converter():
    """The figure converter (atlas/charts/converter.py) without the views and charts around it:
    `atlas export-story` starts its worker before importing them (issue 23)."""
    from atlas.charts.converter import CONVERTER

    return CONVERTER
