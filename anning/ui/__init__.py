"""The Streamlit layer: the page frame and shared sidebar, sign-in and audited downloads, publication widgets. The only anning package that imports Streamlit."""
