"""The dashboard below its pages, one sub-package per job, in the order data flows:

data/ (files -> DataBundle) -> figures/ (bundle, Filters -> views) -> charts/ (view -> spec or deck)
-> briefing/ (screens and files to take away); editing/ changes the data files; ui/ is the only
package that imports Streamlit.
"""
