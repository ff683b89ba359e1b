"""Pure figures of each page (bundle and Filters in, views out), with their formatting, qualifiers and citations."""
