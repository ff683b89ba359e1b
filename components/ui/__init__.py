"""The only package below the pages that imports Streamlit: caches, sidebar, cards, page context, navigation."""
