"""The output schema: every layer and field of a result, with its type, unit, titles and meaning.

One home: libwarmte/data/output_layers.csv and output_fields.csv, compiled into the library. The
README's field tables, the report's key figures, the maps' titles and Result.layer read it here.

    import warmte
    warmte.schema.fields("neighbourhoods")          # a DataFrame: field, type, unit, titles, meaning
    print(warmte.schema.markdown("neighbourhoods"))  # the README's table of a layer
"""

from __future__ import annotations

import pandas as pd

from warmte import _core


def layers() -> pd.DataFrame:
    """The layers, in the order a result writes them."""
    return pd.DataFrame(_core.output_layers())


def fields(layer: str | None = None) -> pd.DataFrame:
    """The field rows (names or patterns such as ``hn_raw_{criterion}``), of one layer or all."""
    table = pd.DataFrame(_core.output_fields())
    return table[table["layer"] == layer].reset_index(drop=True) if layer else table


def _row(field: str, layer: str = "neighbourhoods") -> dict | None:
    for f in _core.output_fields():
        if f["layer"] == layer and f["field"] == field:
            return f
    return None


def title(field: str, language: str = "nl", layer: str = "neighbourhoods", unit: bool = True) -> str:
    """A field's title in `language`, with its unit in brackets (the field's name when unknown)."""
    f = _row(field, layer)
    if f is None:
        return field
    text = f["title_nl" if language == "nl" else "title_en"]
    u = f["unit_nl" if language == "nl" else "unit"]
    return f"{text} ({u})" if unit and u else text


def key_figures(language: str = "nl") -> list[tuple[str, str, int, str]]:
    """The report's key figures in their order: (field, title, decimals, unit)."""
    rows = sorted((f for f in _core.output_fields() if f["key_figure"] > 0), key=lambda f: f["key_figure"])
    nl = language == "nl"
    return [(f["field"], f["title_nl" if nl else "title_en"], f["decimals"], f["unit_nl" if nl else "unit"])
            for f in rows]


def markdown(layer: str) -> str:
    """The README's table of a layer's fields."""
    lines = ["| field | type | unit | meaning |", "|---|---|---|---|"]
    for f in _core.output_fields():
        if f["layer"] == layer:
            lines.append(f"| `{f['field']}` | {f['type']} | {f['unit']} | {f['description']} |")
    return "\n".join(lines)
