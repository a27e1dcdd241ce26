"""Modelled heat against measured use (issue 31): per buurt the modelled and the measured heat of
its dwellings and their ratio, and for the study area how close the model comes.

    python -m warmte.validation RESULT.gpkg [--out DIR] [--municipalities SRC[:LAYER]] [--language nl|en]
    warmte validate RESULT.gpkg ...

The measured heat is what the run read from CBS's kerncijfers (fields.neighbourhoods.*: gas per
dwelling, district-heating share, dwellings) as measured_heat_gj; the modelled heat is the
residential demand before calibration, for the dwellings not on district heating
(demand_vs_measured x measured_heat_gj). Buurten with fewer than demand.validation_min_dwellings
dwellings are reported apart: PBL advises against judging the model on smaller groups. With
--municipalities (CBS's gemeenten with their average gas use per dwelling) the modelled heat per
dwelling of each municipality's buurten is set beside the municipality's measured one.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

# CBS's names for the municipality fields, tried in turn: the wijk- en buurtkaart GeoPackage,
# PDOK's WFS property names, and the short names of the bundled real-data extract.
MUNICIPALITY_FIELDS = {
    "code": ["gemeentecode", "GM_CODE"],
    "gas_m3_per_dwelling": ["gemiddeld_aardgasverbruik_totaal", "gemiddeldGasverbruikTotaal", "gem_aardgas", "G_GAS_TOT"],
    "dwellings": ["woningvoorraad", "aantal_woningen", "WONINGEN"],
}
TEXT = {
    "nl": {"x": "gemeten warmte (GJ/jaar)", "y": "gemodelleerde warmte (GJ/jaar)", "band": "±20 %",
           "line": "1:1", "small": "minder dan {n} woningen", "title": "Model tegen gemeten gasverbruik per buurt",
           "median": "mediaan"},
    "en": {"x": "measured heat (GJ/yr)", "y": "modelled heat (GJ/yr)", "band": "±20 %",
           "line": "1:1", "small": "fewer than {n} dwellings", "title": "Model against measured gas use per buurt",
           "median": "median"},
}
# The summary lines; numbers formatted per language (a decimal comma in Dutch).
LINES = {
    "en": {"count": "{n} buurten with a measurement ({small} with fewer than {min:.0f} dwellings, reported apart)",
           "stats": "modelled / measured: median {median_ratio:.2f}; within ±10 %: {within_10:.0%}, within ±20 %: "
                    "{within_20:.0%}; MAPE {mape:.1f} %; R² {r2:.2f}",
           "calibration": "calibration moved the residential space heat by a factor {calibration_median:.2f} (median; "
                          "{calibration_min:.2f}-{calibration_max:.2f}) in {calibrated} buurten",
           "municipality": "{code}: modelled {modelled_gj_per_dwelling:.1f} GJ per dwelling, CBS measured "
                           "{measured_gj_per_dwelling:.1f} (ratio {ratio:.2f})"},
    "nl": {"count": "{n} buurten met een meting ({small} met minder dan {min:.0f} woningen, apart gehouden)",
           "stats": "model / gemeten: mediaan {median_ratio:.2f}; binnen ±10 %: {within_10:.0%}, binnen ±20 %: "
                    "{within_20:.0%}; gemiddelde absolute afwijking {mape:.1f} %; R² {r2:.2f}",
           "calibration": "de kalibratie schaalde de ruimteverwarming van woningen met factor {calibration_median:.2f} "
                          "(mediaan; {calibration_min:.2f}-{calibration_max:.2f}) in {calibrated} buurten",
           "municipality": "{code}: model {modelled_gj_per_dwelling:.1f} GJ per woning, CBS gemeten "
                           "{measured_gj_per_dwelling:.1f} (verhouding {ratio:.2f})"},
}
OUTLIERS_LABELLED = 5  # the buurten farthest from 1:1 get their name on the plot


@dataclass
class Validation:
    """`buurten`: one row per buurt with a measurement (code, name, dwellings, modelled_gj,
    measured_gj, ratio, small); `summary`: the statistics over the buurten that are not small;
    `municipalities`: modelled against measured heat per dwelling per municipality, when given."""
    buurten: pd.DataFrame
    summary: dict
    municipalities: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    def lines(self, language: str = "en") -> list[str]:
        """The summary in words (English for the terminal, Dutch for a Dutch report)."""
        t, s = LINES[language], self.summary
        out = [t["count"].format(n=s["buurten"] + s["small_buurten"], small=s["small_buurten"], min=s["min_dwellings"])]
        if s["buurten"]:
            out.append(t["stats"].format(**s))
        if "calibration_median" in s:
            out.append(t["calibration"].format(**s))
        if self.municipalities is not None:
            out += [t["municipality"].format(**m) for m in self.municipalities.to_dict("records")]
        return out + self.notes


def statistics(modelled: np.ndarray, measured: np.ndarray) -> dict:
    """Median ratio, shares within ±10 % and ±20 %, MAPE (%) and R² of modelled against measured
    (R² = 1 - sum of squared differences / sum of squares about the measured mean: how well the
    model predicts the measurement on the 1:1 line, not the fit of a regression)."""
    ratio = modelled / measured
    if len(ratio) == 0:
        return {"buurten": 0, "median_ratio": np.nan, "within_10": np.nan, "within_20": np.nan, "mape": np.nan,
                "r2": np.nan}
    spread = np.sum((measured - measured.mean()) ** 2)
    return {
        "buurten": int(len(ratio)),
        "median_ratio": float(np.median(ratio)),
        "within_10": float(np.mean(np.abs(ratio - 1) <= 0.10)),
        "within_20": float(np.mean(np.abs(ratio - 1) <= 0.20)),
        "mape": float(np.mean(np.abs(modelled - measured) / measured) * 100),
        "r2": float(1 - np.sum((modelled - measured) ** 2) / spread) if spread > 0 else np.nan,
    }


def validate(neighbourhoods: pd.DataFrame, config: dict, municipalities=None) -> Validation:
    """The validation of a result's neighbourhoods table (`config`: the result's configuration)."""
    fields = config.get("fields", {}).get("neighbourhoods", {})
    demand = config.get("demand", {})
    code, name = fields.get("id", "buurtcode"), fields.get("name", "buurtnaam")
    min_dwellings = float(demand.get("validation_min_dwellings", 50))
    nb = pd.DataFrame(neighbourhoods)
    notes = []
    if "measured_heat_gj" not in nb.columns:
        notes.append("no measured use: the buurten carry no CBS gas field (fields.neighbourhoods.gas_m3_per_dwelling)")
        empty = pd.DataFrame(columns=["code", "name", "dwellings", "modelled_gj", "measured_gj", "ratio", "small"])
        return Validation(empty, {**statistics(np.array([]), np.array([])), "small_buurten": 0,
                                  "min_dwellings": min_dwellings}, _municipalities(nb, config, municipalities), notes)
    measured = nb["measured_heat_gj"].to_numpy(float)
    ratio = nb["demand_vs_measured"].to_numpy(float)
    dwellings = nb["cbs_dwellings"].fillna(nb["n_dwellings"]).to_numpy(float)
    has = np.isfinite(measured) & (measured > 0) & np.isfinite(ratio)
    table = pd.DataFrame({
        "code": nb[code].astype(str).to_numpy()[has],
        "name": (nb[name].astype(str) if name in nb.columns else nb[code].astype(str)).to_numpy()[has],
        "dwellings": dwellings[has],
        "modelled_gj": (ratio * measured)[has],
        "measured_gj": measured[has],
        "ratio": ratio[has],
    })
    table["small"] = table["dwellings"] < min_dwellings
    big = table[~table["small"]]
    summary = {**statistics(big["modelled_gj"].to_numpy(), big["measured_gj"].to_numpy()),
               "small_buurten": int(table["small"].sum()), "min_dwellings": min_dwellings}
    if "calibration_factor" in nb.columns:
        factors = nb["calibration_factor"].to_numpy(float)
        factors = factors[np.isfinite(factors)]
        if len(factors):
            summary.update(calibration_median=float(np.median(factors)), calibration_min=float(factors.min()),
                           calibration_max=float(factors.max()), calibrated=int(len(factors)))
    return Validation(table, summary, _municipalities(nb, config, municipalities), notes)


def _first(frame: pd.DataFrame, names: list[str], what: str, source: str) -> str:
    for n in names:
        if n in frame.columns:
            return n
    raise ValueError(f"{source}: no {what} field (tried {', '.join(names)}); rename it to one of these")


def _municipalities(nb: pd.DataFrame, config: dict, municipalities) -> pd.DataFrame | None:
    if municipalities is None:
        return None
    source = "municipalities"
    if not isinstance(municipalities, pd.DataFrame):
        import pyogrio

        spec = str(municipalities)
        path, _, layer = spec.rpartition(":") if not Path(spec).exists() and ":" in spec else (spec, "", "")
        source = spec
        municipalities = pyogrio.read_dataframe(path, layer=layer or None, read_geometry=False)
    demand = config.get("demand", {})
    gj_per_m3 = float(demand.get("gas_mj_per_m3", 31.65)) / 1000 * float(demand.get("boiler_efficiency", 1.05))
    field_of = config.get("fields", {}).get("neighbourhoods", {})
    own = field_of.get("municipality", "gemeentecode")
    if own not in nb.columns:
        raise ValueError(f"the result's neighbourhoods carry no municipality code ('{own}'): set "
                         f"fields.neighbourhoods.municipality to the buurt field that holds it")
    m_code = _first(municipalities, MUNICIPALITY_FIELDS["code"], "municipality code", source)
    m_gas = _first(municipalities, MUNICIPALITY_FIELDS["gas_m3_per_dwelling"], "gas use per dwelling", source)
    sums = nb.groupby(nb[own].astype(str))[["modelled_residential_gj", "n_dwellings"]].sum()
    measured = municipalities.set_index(municipalities[m_code].astype(str))[m_gas].astype(float) * gj_per_m3
    rows = []
    for code, s in sums.iterrows():
        if code in measured.index and np.isfinite(measured[code]) and s["n_dwellings"] > 0:
            per = s["modelled_residential_gj"] / s["n_dwellings"]
            rows.append({"code": code, "dwellings": s["n_dwellings"], "modelled_gj_per_dwelling": per,
                         "measured_gj_per_dwelling": measured[code], "ratio": per / measured[code]})
    return pd.DataFrame(rows, columns=["code", "dwellings", "modelled_gj_per_dwelling", "measured_gj_per_dwelling",
                                       "ratio"])


def plot(validation: Validation, path, language: str = "nl") -> Path:
    """Modelled against measured heat, one point per buurt, the 1:1 line, the ±20 % band and the
    names of the buurten farthest from it; small buurten in grey."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = TEXT[language]
    b = validation.buurten
    fig, ax = plt.subplots(figsize=(6, 6), dpi=150)
    top = float(max(b["measured_gj"].max(), b["modelled_gj"].max())) * 1.05 if len(b) else 1.0
    x = np.array([0, top])
    ax.fill_between(x, 0.8 * x, 1.2 * x, color="#cfe3f3", label=t["band"])
    ax.plot(x, x, color="#333333", linewidth=1, label=t["line"])
    small, big = b[b["small"]], b[~b["small"]]
    ax.scatter(big["measured_gj"], big["modelled_gj"], s=14, color="#1f5a96", zorder=3)
    if len(small):
        ax.scatter(small["measured_gj"], small["modelled_gj"], s=10, color="#aaaaaa", zorder=2,
                   label=t["small"].format(n=int(validation.summary["min_dwellings"])))
    far = big.assign(off=np.abs(np.log(big["ratio"]))).nlargest(OUTLIERS_LABELLED, "off")
    for _, r in far.iterrows():
        ax.annotate(r["name"], (r["measured_gj"], r["modelled_gj"]), fontsize=7, xytext=(3, 3),
                    textcoords="offset points")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal")
    ax.set_xlabel(t["x"])
    ax.set_ylabel(t["y"])
    s = validation.summary
    subtitle = (f"n = {s['buurten']}, {t['median']} {s['median_ratio']:.2f}, ±20 %: {s['within_20']:.0%}, "
                f"R² {s['r2']:.2f}" if s["buurten"] else "n = 0")
    ax.set_title(t["title"] + "\n" + subtitle, fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path


def validate_file(gpkg, municipalities=None) -> Validation:
    import pyogrio

    from warmte.maps import gpkg_config

    nb = pyogrio.read_dataframe(gpkg, layer="neighbourhoods", read_geometry=False)
    return validate(nb, gpkg_config(gpkg), municipalities)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="warmte validate", description=__doc__.split("\n\n")[0])
    ap.add_argument("result")
    ap.add_argument("--out", help="folder for validation.png and validation.csv (default: beside the result)")
    ap.add_argument("--municipalities", help="CBS gemeenten with their average gas use per dwelling (SRC or SRC:LAYER)")
    ap.add_argument("--language", choices=sorted(TEXT))
    a = ap.parse_args(argv)
    from warmte.maps import gpkg_config

    try:
        v = validate_file(a.result, a.municipalities)
    except (OSError, ValueError) as e:
        print(f"warmte: error: {e}", file=sys.stderr)
        return 2
    out = Path(a.out) if a.out else Path(a.result).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    language = a.language or gpkg_config(a.result).get("output", {}).get("language", "nl")
    v.buurten.to_csv(out / "validation.csv", index=False)
    if v.municipalities is not None:
        v.municipalities.to_csv(out / "validation_municipalities.csv", index=False)
    plot(v, out / "validation.png", language)
    for line in v.lines():
        print(line)
    print(f"wrote {out / 'validation.png'} and {out / 'validation.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
