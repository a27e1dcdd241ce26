"""Writes tests/reference/town_key_figures.csv: the test town's key figures per buurt, as the demo
runs it (buurten, panden, water, the RWZI and the heat network). make test compares every run
with this file (tests/python/test_reference.py); a change to a figure is a diff of this file that a
reviewer reads and approves, never a silent drift.

    .venv/bin/python tests/reference/make_reference.py      # after an intended change
"""
from pathlib import Path

import warmte

HERE = Path(__file__).resolve().parent
TOWN = HERE.parents[1] / "testdata" / "town" / "town.gpkg"
TABLE = HERE / "town_key_figures.csv"
# What the people at the table read: dwellings and demand, both scores, the strategy and phase,
# each variant's national cost and the choice.
NUMBERS = ["n_dwellings", "heat_demand_gj", "heat_density_gj_ha", "aquathermie_coverage", "heat_network_score",
           "aquathermie_score", "cost_reference_eur_weq"] + \
          [f"cost_national_{v}_eur_weq" for v in ("s1a", "s1b", "s2a", "s2b", "s3c", "s3e", "s3t", "s4a")] + \
          ["cost_gap_eur_weq", "choice_robust"]
TEXTS = ["heat_network_class", "aquathermie_class", "strategy", "phase", "cheapest_variant", "runner_up_variant"]
SIGNIFICANT = 7  # digits written: far below any change worth a look, far above float noise


def key_figures():
    r = warmte.analyse(f"{TOWN}:buurten", f"{TOWN}:panden", f"{TOWN}:waterdelen", plants=f"{TOWN}:rwzi",
                       heat_network=f"{TOWN}:warmtenet", progress=False)
    return r.neighbourhoods[["buurtcode", *NUMBERS, *TEXTS]].sort_values("buurtcode").reset_index(drop=True)


def main():
    table = key_figures()
    table.to_csv(TABLE, index=False, float_format=f"%.{SIGNIFICANT}g")
    print(f"wrote {TABLE} ({len(table)} buurten); read the diff before committing it")


if __name__ == "__main__":
    main()
