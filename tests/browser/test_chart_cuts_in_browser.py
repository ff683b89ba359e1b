"""Charts read whole on a 390 px phone: no chart text ends in Vega's "…", and the heatmap's cell labels fit in their
cells (issue 19)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_offline_page, screenshot, wait_drawn, wait_settled

pytestmark = pytest.mark.browser

# Vega ends a text cut at its limit with "…": a title, an axis label or a legend label.
CUT_TEXTS = """() => [...document.querySelectorAll('.vega-embed svg text')]
    .map(text => text.textContent).filter(text => text.includes('…'))"""
# The heatmap's cells and labels, measured: the widest label against the narrowest cell.
GRID_FIT = """() => {
    const grid = [...document.querySelectorAll('.vega-embed')]
        .find(chart => (chart.getAttribute('aria-label') || '').startsWith('Heatmap of allegations'));
    const cells = [...grid.querySelectorAll('g.mark-rect.role-mark path')].map(cell => cell.getBBox().width);
    const labels = [...grid.querySelectorAll('g.mark-text.role-mark text')].filter(text => text.textContent);
    return {cell: Math.min(...cells), label: Math.max(...labels.map(text => text.getBBox().width)),
            texts: labels.map(text => text.textContent)};
}"""


def test_no_chart_text_is_cut_and_heatmap_labels_fit_their_cells_at_390_px(browser, app_server):
    context, page, traffic = open_offline_page(browser, app_server.url, viewport=(390, 1000))
    try:
        for address in ("allegations", "contributions", "projects?project=DRC-SAKE-2018"):
            page.goto(f"{app_server.url}/{address}")
            wait_settled(page)
            wait_drawn(page, address.partition("?")[0])
            assert page.evaluate(CUT_TEXTS) == [], f"{address} at 390 px cuts these chart texts"
            if address == "allegations":
                fit = page.evaluate(GRID_FIT)
                # MINUSCA 2018, "at least 10" with a note (data/allegations.csv), written as a sign.
                assert "≥10†" in fit["texts"]
                assert fit["label"] <= fit["cell"], f"a label {fit['label']:.1f} px wide in a {fit['cell']:.1f} px cell"
            screenshot(page, f"chart-cuts-{address.partition('?')[0]}-390")
        assert traffic.foreign_requests == []
    finally:
        context.close()
