"""Pure picture builders: the chart theme, each page's Altair charts and the card that draws them, Vega-Lite map
specs, the Mission map's pydeck decks (their large layer data written as files the app serves: `served`), the
basemap picture."""
