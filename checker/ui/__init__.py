"""What the Streamlit pages share: access, the model and database, highlights, keys, queries and the view; the pages themselves are in `pages/`."""
