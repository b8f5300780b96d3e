"""Renderers for the browser map: pure functions from the view layer's choropleth description
(atlas.views.choropleth) to folium/streamlit-folium components and legend HTML. Nothing here
queries the database, imports Streamlit or parses URLs.
"""
