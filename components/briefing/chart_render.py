"""Draw Vega-Lite charts with vl-convert in a child process: `python -m components.briefing.chart_render`.

Reads {"format": "png" | "svg", "scale": N, "specs": [...]} as JSON on stdin and writes a JSON list of the
pictures, base64-encoded, on stdout. Kept apart from the server process on purpose: vl-convert's JavaScript
engine stays resident once it has drawn one picture (about 150 MB measured for one briefing's exports, 685 MB
seen on a server after several), and a child process gives all of it back when it exits.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RENDER_TIMEOUT_SECONDS = 180


class ChartRenderError(RuntimeError):
    """The child process could not draw the charts; its last error lines are in the message."""


def render_charts(specs: Sequence[dict[str, Any]], picture_format: str, scale: float = 1) -> list[bytes]:
    """The charts as PNG or SVG bytes, in order, drawn in one short-lived child process."""
    if not specs:
        return []
    request = json.dumps({"format": picture_format, "scale": scale, "specs": list(specs)})
    result = subprocess.run(
        [sys.executable, "-m", "components.briefing.chart_render"],
        input=request.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=RENDER_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise ChartRenderError(f"the charts could not be drawn: {result.stderr.decode(errors='replace')[-800:]}")
    return [base64.b64decode(picture) for picture in json.loads(result.stdout)]


def _draw(request: dict[str, Any]) -> list[str]:
    import vl_convert

    pictures = []
    for spec in request["specs"]:
        if request["format"] == "png":
            picture = vl_convert.vegalite_to_png(spec, scale=request["scale"])
        else:
            picture = vl_convert.vegalite_to_svg(spec).encode("utf-8")
        pictures.append(base64.b64encode(picture).decode("ascii"))
    return pictures


if __name__ == "__main__":
    json.dump(_draw(json.load(sys.stdin)), sys.stdout)
