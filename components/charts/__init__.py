"""Pure picture builders: the chart theme, Vega-Lite map specs, the basemap picture."""
