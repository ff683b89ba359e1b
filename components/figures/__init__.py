"""Pure figures of each page (bundle and Filters in, views out: frames, sentences, cards; no chart), with their
formatting, qualifiers and citations."""
