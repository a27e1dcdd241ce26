"""The verdict for the people at the table (issue 17): an offline web map and printable buurt fact
sheets from a result GeoPackage.

    python -m warmte.report RESULT.gpkg --out DIR [--language nl|en] [--basemap URL]
    warmte report RESULT.gpkg --out DIR

DIR/index.html opens from the file system with no network: Leaflet is packaged with this package
(installed from npm when the package is built), the data sit beside it in data.js, and there is no
base map unless one is asked for (an XYZ URL, e.g. PDOK's BRT-achtergrondkaart). DIR/buurten/<code>.html
is one printable A4 page per buurt; DIR/factsheets.pdf holds them all, printed by headless Chromium.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import html
import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from warmte import _core, schema
from warmte.maps import gpkg_config

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor"
STATIC = HERE / "static"
# Geometry for the web: simplified by this much (m, in the analysis CRS) so a municipality's
# page stays small; far below what a map at buurt scale shows.
SIMPLIFY_M = 2.0
COORDINATE_DECIMALS = 6  # degrees: ~0.1 m
# The buurt map styles of the library (map_styles.csv), the default first: one theme each.
THEMES = list(_core.buurt_map_kinds())
MAX_NOTES = 6
VARIANTS = ["s1a", "s1b", "s2a", "s2b", "s3c", "s3e", "s3t", "s4a"]
TENURES = ["owner", "social", "private"]  # the tenure part of cost_enduser_<variant>_<tenure>_eur_month

TEXT = {
    "nl": {"title": "Warmtetransitie per buurt", "search": "Zoek buurt (naam of code)", "theme": "Kaart",
           "sources": "bronnen", "allocation": "Aquathermie per bron", "numbers": "Kerncijfers",
           "costs": "Meerkosten per alternatief (euro per woningequivalent per jaar, nationaal)",
           "parts": "Score warmtenet: bijdrage per criterium", "quality": "Datakwaliteit",
           "none": "geen", "made": "Gemaakt met libwarmte", "on": "op", "pick": "Klik op een buurt.",
           "source": "bron", "type": "soort", "gj": "GJ/jaar", "distance": "afstand (m)",
           "validation": "Model tegen gemeten verbruik",
           "households": "Maandlasten per huishouden (euro per maand)", "tenure": "huishouden", "gas": "aardgas",
           "range": "bandbreedte", "neutral": "woonlastenneutraal", "yes": "ja", "no": "nee",
           "owner": "eigenaar-bewoner", "social": "huurder corporatie", "private": "huurder particulier",
           "confidence": "Keuze houdt stand in {} % van de trekkingen",
           "clusters": "Warmtenet in de straten: clusters", "cluster": "cluster", "buildings": "panden",
           "trench": "tracé (m)", "pipe_cost": "leidingen (euro/WEQ/jaar)", "phase": "fase"},
    "en": {"title": "Heat transition per buurt", "search": "Find a buurt (name or code)", "theme": "Map",
           "sources": "sources", "allocation": "Aquathermie by source", "numbers": "Key figures",
           "costs": "Additional cost per alternative (EUR per dwelling equivalent per year, national)",
           "parts": "Heat-network score: part per criterion", "quality": "Data quality",
           "none": "none", "made": "Made with libwarmte", "on": "on", "pick": "Click a buurt.",
           "source": "source", "type": "type", "gj": "GJ/yr", "distance": "distance (m)",
           "validation": "Model against measured use",
           "households": "Monthly costs per household (EUR per month)", "tenure": "household", "gas": "natural gas",
           "range": "range", "neutral": "no higher costs", "yes": "yes", "no": "no",
           "owner": "owner-occupier", "social": "corporation tenant", "private": "private tenant",
           "confidence": "The choice holds in {} % of the draws",
           "clusters": "Heat network in the streets: clusters", "cluster": "cluster", "buildings": "buildings",
           "trench": "trench (m)", "pipe_cost": "pipes (EUR/WEQ/yr)", "phase": "phase"},
}


class ReportError(Exception):
    """The result cannot be made into a report (not a libwarmte GeoPackage, no Leaflet)."""


def _number(value, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.{decimals}f}".replace(",", " ")


def _styles(language: str) -> dict:
    return {s["id"]: s for s in _core.map_styles(language)}


def _label(styles: dict, theme: str, value) -> str:
    for c in styles[theme]["classes"]:
        if c["value"] == value:
            return c["label"]
    return value if isinstance(value, str) else ""


def _layer(gpkg: Path, name: str):
    names = {n for n, _ in pyogrio.list_layers(gpkg)}
    return gpd.read_file(gpkg, layer=name, fid_as_index=True) if name in names else None


@dataclasses.dataclass(frozen=True)
class _ReportContext:
    """What every buurt's record reads besides its row: the layer's code and name fields, the
    language, the map styles, the allocation, the data-quality rows by buurt and (with roads) the
    clusters grouped by buurtcode."""
    code_field: str
    name_field: str
    language: str
    styles: dict
    allocation: pd.DataFrame | None
    quality: dict
    clusters: object = None


@dataclasses.dataclass(frozen=True)
class _Layers:
    """The result's other layers the report draws (None where absent)."""
    sources: gpd.GeoDataFrame | None
    allocation: gpd.GeoDataFrame | None
    pipes: gpd.GeoDataFrame | None = None  # with roads: the pipes along the roads (service pipes left out)
    clusters: gpd.GeoDataFrame | None = None


def _is_number(value) -> bool:
    return isinstance(value, float) and not math.isnan(value)


def _key_figures(row, language) -> list:
    return [[label, _number(row[field], decimals), unit]
            for field, label, decimals, unit in schema.key_figures(language)  # the output schema's key figures
            if field in row and _number(row[field], decimals) != ""]


def _variant_costs(row, styles) -> list:
    costs = []
    for v in VARIANTS:
        value = row.get(f"cost_national_{v}_eur_weq")
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            costs.append([_label(styles, "cheapest_variant", v), round(float(value), 1), v == row.get("cheapest_variant")])
    return costs


def _allocated(allocation, code_field, code) -> list:
    if allocation is None:
        return []
    return [[str(a["source_id"]), str(a["source_type"]), round(float(a["allocated_gj"])), round(float(a["distance_m"]))]
            for _, a in allocation[allocation[code_field] == code].iterrows()]


def _routed(clusters, code) -> list:
    """The buurt's clusters of the heat network in the streets (with roads), by name."""
    if clusters is None or code not in clusters.groups:
        return []
    return [[str(c["cluster_id"]), _number(c["buildings"], 0), _number(c["trench_m"], 0),
             _number(c["network_cost_eur_weq"], 0),
             f"{int(c['phase'])} ({int(c['phase_from_year'])}–{int(c['phase_to_year'])})"]
            for _, c in clusters.get_group(code).iterrows()]


def _households(row, t) -> list:
    """What a household pays a month, by tenure: the gas reference and the chosen variant."""
    chosen = row.get("cheapest_variant")
    if not isinstance(chosen, str) or not chosen:
        return []
    out = []
    for tenure in TENURES:
        gas, own = row.get(f"cost_enduser_ref_{tenure}_eur_month"), row.get(f"cost_enduser_{chosen}_{tenure}_eur_month")
        if gas is None or own is None or math.isnan(own):
            continue
        low, high = row.get(f"cost_enduser_{chosen}_{tenure}_eur_month_low"), row.get(
            f"cost_enduser_{chosen}_{tenure}_eur_month_high")
        neutral = row.get(f"woonlastenneutraal_{tenure}")
        out.append([t[tenure], _number(gas, 0), _number(own, 0), f"{_number(low, 0)}–{_number(high, 0)}",
                    t["yes"] if neutral == 1 else t["no"]])
    return out


def _sureness(row, styles) -> list:
    """How sure the choice is (with --uncertainty): the share of draws the chosen variant and the
    runner-up each win, as bars."""
    confidence, chosen = row.get("choice_confidence"), row.get("cheapest_variant")
    if not _is_number(confidence) or not isinstance(chosen, str) or not chosen:
        return []
    sure = [[_label(styles, "cheapest_variant", chosen), round(100 * confidence, 1), True]]
    runner, share = row.get("runner_up_variant"), row.get("runner_up_share")
    if isinstance(runner, str) and runner and _is_number(share):
        sure.append([_label(styles, "cheapest_variant", runner), round(100 * share, 1), False])
    return sure


def _buurt_record(row, c: _ReportContext) -> dict:
    """One buurt's part of the report."""
    t = TEXT[c.language]
    code = str(row[c.code_field])
    name = str(row[c.name_field]) if c.name_field in row and isinstance(row[c.name_field], str) else code
    costs = _variant_costs(row, c.styles)
    parts = [[f.removeprefix("hn_part_").replace("_", " "), round(float(row[f]), 2)]
             for f in row.index if f.startswith("hn_part_") and not math.isnan(row[f])]
    notes = [f"{q['issue']}: {q['detail']}" for _, q in c.quality.get(code, pd.DataFrame()).iterrows()]
    if isinstance(row.get("aquathermie_note"), str) and row["aquathermie_note"]:
        notes.append(row["aquathermie_note"])
    confidence = row.get("choice_confidence")
    classes = {theme: (row.get(c.styles[theme]["field"]) if isinstance(row.get(c.styles[theme]["field"]), str) else "")
               for theme in THEMES if theme in c.styles}
    return {
        "sure": _sureness(row, c.styles),
        "clusters": _routed(c.clusters, code),
        "code": code, "name": name,
        "households": _households(row, t),
        "confidence": t["confidence"].format(_number(100 * confidence, 0)) if _is_number(confidence) else "",
        "classes": classes,
        "strategy": _label(c.styles, "strategy", row.get("strategy")),
        "explanation": row.get(f"explanation_{c.language}", "") or "",
        "numbers": _key_figures(row, c.language), "costs": costs, "parts": parts,
        "allocation": _allocated(c.allocation, c.code_field, code), "notes": notes,
        "costs_title": t["costs"] if costs else t["parts"],
    }


def _geojson(frame: gpd.GeoDataFrame, properties: list[dict]) -> dict:
    geometries = shapely.to_geojson(shapely.set_precision(frame.geometry.values, 10 ** -COORDINATE_DECIMALS))
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": json.loads(g), "properties": p}
                         for g, p in zip(geometries, properties)]}


def _svg_bars(rows: list, width: int = 460, bar: int = 14, unit: str = "", top: float | None = None) -> str:
    """A horizontal bar chart (label, value, highlighted) as inline SVG; bars scaled to `top` (default:
    the largest value)."""
    if not rows:
        return ""
    top = top or max(abs(r[1]) for r in rows) or 1.0
    label_w, value_w = 240, 60
    scale = (width - label_w - value_w) / top
    height = len(rows) * (bar + 6) + 4
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="DejaVu Sans, sans-serif">']
    for i, row in enumerate(rows):
        label, value = row[0], row[1]
        strong = len(row) > 2 and row[2]
        y = 2 + i * (bar + 6)
        w = abs(value) * scale
        out.append(f'<text x="{label_w - 6}" y="{y + bar - 4}" text-anchor="end">{html.escape(label[:40])}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" '
                   f'fill="{"#1b7837" if strong else "#8c96c6"}"/>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar - 4}">{value:,.0f}{html.escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def _svg_map(buurt, sources, lines, width: int = 300, pipes=()) -> str:
    """A small map of the buurt with the sources and allocation lines that serve it and the routed
    pipes of its clusters (inline SVG, analysis CRS, north up)."""
    shapes = [buurt] + list(sources) + list(lines)
    minx, miny, maxx, maxy = shapely.bounds(shapely.GeometryCollection(shapes))
    pad = 0.05 * max(maxx - minx, maxy - miny, 1.0)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    height = int(width * (maxy - miny) / (maxx - minx)) if maxx > minx else width
    height = max(120, min(height, 260))

    def path(g) -> str:
        parts = []
        for poly in getattr(g, "geoms", [g]):
            for ring in [poly.exterior, *poly.interiors]:
                xy = [f"{(x - minx) / (maxx - minx) * width:.1f},{(maxy - y) / (maxy - miny) * height:.1f}"
                      for x, y in ring.coords]
                parts.append("M" + " L".join(xy) + " Z")
        return " ".join(parts)

    out = [f'<svg class="minimap" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg">',
           f'<path d="{path(buurt)}" fill="#fdd49e" stroke="#333" stroke-width="1" fill-rule="evenodd"/>']
    def polylines(geoms, attributes: str) -> None:
        for line in [part for g in geoms for part in getattr(g, "geoms", [g])]:
            xy = [f"{(x - minx) / (maxx - minx) * width:.1f},{(maxy - y) / (maxy - miny) * height:.1f}"
                  for x, y in line.coords]
            out.append(f'<polyline {attributes}points="{" ".join(xy)}" fill="none" />')

    polylines(lines, 'stroke="#2166ac" stroke-dasharray="4 3" ')
    polylines(pipes, 'class="pipe" stroke="#d7301f" stroke-width="1.2" ')
    for p in sources:
        p = p.representative_point() if p.geom_type != "Point" else p
        out.append(f'<circle cx="{(p.x - minx) / (maxx - minx) * width:.1f}" cy="{(maxy - p.y) / (maxy - miny) * height:.1f}" '
                   f'r="4" fill="#08519c"/>')
    out.append("</svg>")
    return "".join(out)


def _titled_table(title: str, css_class: str, headers: list, rows: list | None) -> str:
    """A heading and a table of text cells (escaped here); nothing without rows."""
    if not rows:
        return ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<h2>{html.escape(title)}</h2><table class='{css_class}'><tr>{head}</tr>{body}</table>"


def _factsheet(record, svg_map, language, stamp) -> str:
    t = TEXT[language]
    numbers = "".join(f"<tr><th>{html.escape(n[0])}</th><td>{html.escape(n[1])} {html.escape(n[2])}</td></tr>"
                      for n in record["numbers"])
    chart = _svg_bars(record["costs"] or record["parts"])
    alloc = "".join(f"<tr><td>{html.escape(a[0])}</td><td>{html.escape(a[1])}</td><td>{a[2]:,}</td><td>{a[3]:,}</td></tr>"
                    for a in record["allocation"])
    alloc_table = (f"<table class='alloc'><tr><th>{t['source']}</th><th>{t['type']}</th><th>{t['gj']}</th>"
                   f"<th>{t['distance']}</th></tr>{alloc}</table>") if alloc else f"<p>{t['none']}</p>"
    # At most a few notes, so the sheet stays one A4 page; the data_quality layer holds them all.
    shown = record["notes"][:MAX_NOTES] + ([f"... (+{len(record['notes']) - MAX_NOTES})"]
                                          if len(record["notes"]) > MAX_NOTES else [])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in shown) or f"<li>{t['none']}</li>"
    households = _titled_table(t["households"], "households",
                               [t["tenure"], t["gas"], record["strategy"], t["range"], t["neutral"]],
                               record.get("households"))
    routed = _titled_table(t["clusters"], "clusters", [t["cluster"], t["buildings"], t["trench"], t["pipe_cost"], t["phase"]],
                           record.get("clusters"))
    confidence = ""
    if record.get("confidence"):
        confidence = (f"<p class='confidence'>{html.escape(record['confidence'])}</p>"
                      f"{_svg_bars(record['sure'], bar=10, unit=' %', top=100)}")
    return f"""<section class="sheet">
<header><h1>{html.escape(record['name'])} <small>{html.escape(record['code'])}</small></h1>
<p class="verdict">{html.escape(record['strategy'])}</p></header>
<div class="columns"><div>{svg_map}</div><div><h2>{t['numbers']}</h2><table class="numbers">{numbers}</table></div></div>
<p class="explanation">{html.escape(record['explanation'])}</p>
<h2>{html.escape(record['costs_title'])}</h2>{chart}{confidence}
<div class="columns"><div>{households}</div><div><h2>{t['allocation']}</h2>{alloc_table}</div></div>
{routed}
<h2>{t['quality']}</h2><ul class="notes">{notes}</ul>
<footer>{t['made']} {html.escape(_core.__version__)} {t['on']} {stamp}</footer>
</section>"""


def _decimal_comma(text: str) -> str:
    """0.98 as 0,98: Dutch writes a decimal comma."""
    import re

    return re.sub(r"(?<=\d)\.(?=\d)", ",", text)


def _validation_page(frame, config: dict, out: Path, language: str, t: dict) -> str:
    """validation.html: the plot of modelled against measured heat, the summary and the table."""
    from warmte.validation import plot, validate

    v = validate(frame, config)
    plot(v, out / "validation.png", language)
    rows = "".join(f"<tr><td>{html.escape(r['code'])}</td><td>{html.escape(r['name'])}</td>"
                   f"<td>{_number(r['dwellings'], 0)}</td><td>{_number(r['modelled_gj'], 0)}</td>"
                   f"<td>{_number(r['measured_gj'], 0)}</td><td>{_number(r['ratio'], 2)}</td></tr>"
                   for _, r in v.buurten.iterrows())
    body = (f"<section class=\"sheet\"><h1>{html.escape(t['validation'])}</h1>"
            f"<img src=\"validation.png\" alt=\"{html.escape(t['validation'])}\" style=\"max-width:100%\">"
            + "".join(f"<p>{html.escape(_decimal_comma(line) if language == 'nl' else line)}</p>"
                      for line in v.lines(language))
            + f"<table class=\"numbers\"><tr><th></th><th></th><th>n</th><th>model</th><th>CBS</th><th>ratio</th></tr>"
            f"{rows}</table></section>")
    (out / "validation.html").write_text(_page(t["validation"], body, "style.css", language), encoding="utf-8")
    return "validation.html"


def _page(title: str, body: str, css: str, language: str) -> str:
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<link rel="stylesheet" href="{css}"></head><body class="print">{body}</body></html>')


def find_chromium() -> str | None:
    for name in (os.environ.get("WARMTE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def print_pdf(html_path: Path, pdf_path: Path, chromium: str | None = None) -> Path:
    """Prints an HTML page to PDF with headless Chromium (its print CSS: one A4 page per sheet)."""
    chromium = chromium or find_chromium()
    if not chromium:
        raise ReportError("no Chromium found to print the fact sheets (install Debian's chromium or set WARMTE_CHROMIUM)")
    tmp = pdf_path.with_name(pdf_path.name + ".tmp")
    profile = pdf_path.parent / ".chromium-profile"
    run = subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                          f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
                          f"--print-to-pdf={tmp}", html_path.resolve().as_uri()],
                         capture_output=True, text=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    if run.returncode != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise ReportError(f"Chromium could not print {html_path}: {run.stderr.strip()[-400:]}")
    tmp.replace(pdf_path)
    return pdf_path


def _open_result(result, out: Path):
    """The result's GeoPackage (a warmte.Result is written to OUT/result.gpkg first) and its buurten."""
    gpkg = result.to_gpkg(out / "result.gpkg") if hasattr(result, "to_gpkg") else Path(result)
    if not (VENDOR / "leaflet.js").exists():
        raise ReportError(f"Leaflet is missing from {VENDOR}; reinstall the package (pip install .), which fetches it from npm")
    try:
        frame = gpd.read_file(gpkg, layer="neighbourhoods", fid_as_index=True)
    except Exception as e:  # noqa: BLE001 - any reading failure is the same message
        raise ReportError(f"{gpkg}: not a libwarmte result (no readable 'neighbourhoods' layer: {e})") from e
    return gpkg, frame


def _quality_by_buurt(gpkg: Path, frame, code_field: str) -> dict:
    """The data-quality records about each buurt (by code)."""
    dq = _layer(gpkg, "data_quality")
    quality = {}
    if dq is not None:
        own = dq[dq["layer"] == "neighbourhoods"]
        for fid, code in zip(frame.index, frame[code_field]):
            quality[str(code)] = own[own["feature_id"] == fid]
    return quality


def _map_data(frame, records, layers: _Layers, c: _ReportContext, basemap) -> dict:
    """What the web map draws: simplified buurten in WGS84 with a label point each, the sources
    and the allocation lines, and with roads the routed pipes along the roads and the clusters."""
    language, styles = c.language, c.styles
    sources, allocation, pipes, clusters = layers.sources, layers.allocation, layers.pipes, layers.clusters
    simple = frame.copy()
    simple["geometry"] = frame.geometry.simplify(SIMPLIFY_M, preserve_topology=True)
    points = frame.geometry.representative_point().to_crs(4326)
    for r, p in zip(records, points):
        r["point"] = [round(p.y, COORDINATE_DECIMALS), round(p.x, COORDINATE_DECIMALS)]
    data = {
        "language": language, "text": TEXT[language], "generated": _dt.date.today().isoformat(),
        "version": _core.__version__,
        "themes": [{"id": k, "title": styles[k]["title"], "classes": styles[k]["classes"]} for k in THEMES if k in styles],
        "basemap": basemap,
        "buurten": _geojson(simple.to_crs(4326), records),
        "sources": None, "lines": None, "pipes": None, "clusters": None,
    }
    if pipes is not None and len(pipes):
        data["pipes"] = _geojson(pipes[["geometry"]].to_crs(4326),
                                 [{"cluster": str(p["cluster_id"]), "dn": int(p["dn"])} for _, p in pipes.iterrows()])
    if clusters is not None and len(clusters):
        data["clusters"] = _geojson(clusters[["geometry"]].to_crs(4326),
                                    [{"id": str(c["cluster_id"]), "buildings": int(c["buildings"]), "phase": int(c["phase"])}
                                     for _, c in clusters.iterrows()])
    if sources is not None and len(sources):
        centroids = sources.geometry.representative_point().to_crs(4326)
        data["sources"] = _geojson(gpd.GeoDataFrame(geometry=centroids.values, crs=4326),
                                   [{"id": str(s.get("source_id", i)), "type": str(s.get("source_type", "")),
                                     "gj": round(float(s.get("allocated_gj", 0) or 0))}
                                    for i, (_, s) in enumerate(sources.iterrows())])
    if allocation is not None and len(allocation):
        data["lines"] = _geojson(allocation[["geometry"]].to_crs(4326),
                                 [{"gj": round(float(a["allocated_gj"]))} for _, a in allocation.iterrows()])
    return data


def _write_web_map(out: Path, data: dict, language: str) -> Path:
    """The page, its data, Leaflet and the app, all beside each other (no network at view time)."""
    (out / "vendor").mkdir(exist_ok=True)
    for f in ("leaflet.js", "leaflet.css", "LICENSE"):
        shutil.copy2(VENDOR / f, out / "vendor" / f)
    shutil.copytree(VENDOR / "images", out / "vendor" / "images", dirs_exist_ok=True)
    for f in ("app.js", "style.css"):
        shutil.copy2(STATIC / f, out / f)
    (out / "data.js").write_text("window.WARMTE = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n",
                                 encoding="utf-8")
    index = out / "index.html"
    index.write_text((STATIC / "index.html").read_text(encoding="utf-8").replace("{{lang}}", language)
                     .replace("{{title}}", html.escape(TEXT[language]["title"])), encoding="utf-8")
    return index


def _write_fact_sheets(out: Path, frame, records, layers: _Layers, c: _ReportContext) -> Path:
    """One printable page per buurt (OUT/buurten/<code>.html) and all of them in one page, with the
    routed pipes along the roads (with roads)."""
    sources, allocation, pipes, code_field, language = (layers.sources, layers.allocation, layers.pipes, c.code_field,
                                                         c.language)
    pipes_by_buurt = {} if pipes is None else {code: list(g.geometry) for code, g in pipes.groupby("buurtcode")}
    sheets_dir = out / "buurten"
    sheets_dir.mkdir(exist_ok=True)
    stamp = _dt.date.today().isoformat()
    sheets = []
    for (fid, row), record in zip(frame.iterrows(), records):
        served = allocation[allocation[code_field] == record["code"]] if allocation is not None else None
        src_geoms = []
        if served is not None and sources is not None and "source_id" in sources.columns:
            src_geoms = list(sources[sources["source_id"].isin(served["source_id"])].geometry)
        lines = list(served.geometry) if served is not None else []
        sheet = _factsheet(record, _svg_map(row.geometry, src_geoms, lines, pipes=pipes_by_buurt.get(record["code"], [])),
                           language, stamp)
        sheets.append(sheet)
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in record["code"])
        (sheets_dir / f"{safe}.html").write_text(_page(record["name"], sheet, "../style.css", language), encoding="utf-8")
    all_sheets = out / "factsheets.html"
    all_sheets.write_text(_page(TEXT[language]["title"], "\n".join(sheets), "style.css", language), encoding="utf-8")
    return all_sheets


def write_report(result, out: str | os.PathLike, language: str | None = None, basemap: str | None = None,
                 pdf: bool = True) -> Path:
    """Writes the offline web map and the fact sheets of a result GeoPackage (or a warmte.Result,
    written to DIR/result.gpkg first) into `out`. Returns the path of index.html."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gpkg, frame = _open_result(result, out)
    config = gpkg_config(gpkg)
    language = language or config.get("output", {}).get("language", "nl")
    if language not in TEXT:
        raise ReportError(f"language must be nl or en, not {language!r}")
    styles = _styles(language)
    fields = config.get("fields", {}).get("neighbourhoods", {})
    code_field, name_field = fields.get("id", "buurtcode"), fields.get("name", "buurtnaam")
    sources, allocation = _layer(gpkg, "sources"), _layer(gpkg, "allocation")
    # With roads: the pipes along the roads (service pipes are too many to draw) and the clusters.
    network, clusters = _layer(gpkg, "network"), _layer(gpkg, "clusters")
    pipes = network[network["kind"] != "service"] if network is not None else None
    by_buurt = clusters.groupby("buurtcode") if clusters is not None else None
    quality = _quality_by_buurt(gpkg, frame, code_field)
    context = _ReportContext(code_field, name_field, language, styles, allocation, quality, by_buurt)
    records = [_buurt_record(row, context) for _, row in frame.iterrows()]
    layers = _Layers(sources, allocation, pipes, clusters)
    data = _map_data(frame, records, layers, context, basemap)
    if "measured_heat_gj" in frame.columns:
        data["validation"] = _validation_page(frame, config, out, language, TEXT[language])
    index = _write_web_map(out, data, language)
    all_sheets = _write_fact_sheets(out, frame, records, layers, context)
    if pdf:
        print_pdf(all_sheets, out / "factsheets.pdf")
    return index


def main(argv=None):
    os.environ["GDAL_PAM_ENABLED"] = "NO"  # this process only reads the GeoPackage
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gpkg")
    p.add_argument("--out", required=True, help="folder to write index.html, buurten/ and factsheets.pdf into")
    p.add_argument("--language", choices=tuple(TEXT), help="default: the GeoPackage's own")
    p.add_argument("--basemap", help="optional XYZ tile URL for a base map (off by default: the report stays offline)")
    p.add_argument("--no-pdf", action="store_true", help="leave out factsheets.pdf (needs Chromium)")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    try:
        index = write_report(a.gpkg, a.out, language=a.language, basemap=a.basemap, pdf=not a.no_pdf)
    except ReportError as e:
        p.exit(2, f"warmte report: error: {e}\n")
    if not a.quiet:
        print(f"wrote {index} (open it in a browser; fact sheets in {Path(a.out) / 'factsheets.pdf'})")


if __name__ == "__main__":
    main()
