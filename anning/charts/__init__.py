"""Chart builders: functions that return Plotly figures or pydeck decks in the house style, testable without Streamlit."""
