"""Streamlit's floor for bench/first_map.py: the least a Streamlit page can be (a title, a
select box, one line of text), served by the same Streamlit as the atlas."""

import streamlit as st

st.title("Floor")
choice = st.selectbox("Choice", ["a", "b", "c"])
st.write(f"Chosen: {choice}")
