"""Pure picture builders: the chart theme, each page's Altair charts and the card that draws them, Vega-Lite map
specs, the basemap picture."""
