"""Writers that keep the generated files stable and reviewable in a diff."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            extra = set(row) - set(columns)
            if extra:
                raise ValueError(f"{path.name}: unexpected columns {sorted(extra)}")
            writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})


def write_yaml(path: Path, data: Any, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text((header + "\n" if header else "") + text, encoding="utf-8")
