"""Derives libwarmte/data/practice_factor.csv: measured over theoretical space heat per dwelling
type x construction period x energy label (docs/demand.md says why and how).

Measured: PBL/TNO/CBS Referentieverbruik warmte woningen (kentallen of the 2023 release,
datatabellen/Kentallen_ruimteverwarming_populatie_1a.csv and _1b.csv of
poorthuis-w/Referentieverbruik_warmte_woningen at commit dff0bf0, 2023-12-12): per type W,
period B, tenure E and label S the mean climate-corrected functional space-heat demand
FVrvKC_mean_SJV in m3 of natural gas at the cell's mean floor area OP_mean, from measured use.
Theoretical: PBL Vesta kentallen of the Startanalyse 2025 (data/20241112_Woningen_BAG.csv of
pbl-nl/model-vesta-public, branch ActualisatieStartanalyse2025): Vrv_<label>_asl + Vrv_<label>_opp x A
in GJ per dwelling, the table residential_space_heat.csv holds at each class's default label.

W 1-6 and B 0-10 are read as the six dwelling types and eleven periods in the order both sources
list them (Vesta's woningtypeBestaand and bouwjaar classes). Per (type, period, label) the factor is
sum(Count x measured) / sum(Count x theoretical) over the tenures (all cells weigh 1 when none
has a count); detached dwellings with a label come from population 1b, the others from 1a, as
the Referentieverbruik rules do.

    python derive_practice_factor.py WONINGEN_BAG.csv POPULATIE_1A.csv POPULATIE_1B.csv > practice_factor.csv
"""
import csv
import sys

TYPES = ["detached", "semi_detached", "corner", "terraced", "multi_family_low", "multi_family_high"]
# Vesta's eleven construction periods (from_year, to_year); buildings after 2020 use the last.
PERIODS = [(0, 1929), (1930, 1945), (1946, 1964), (1965, 1974), (1975, 1991), (1992, 1995), (1996, 1999),
           (2000, 2005), (2006, 2010), (2011, 2014), (2015, 9999)]
LABELS = "ABCDEFG"
GJ_PER_M3 = 0.03165  # Referentieverbruik: onderwaarde energie-inhoud aardgas (its rekenregels)
SOURCE = ("Referentieverbruik warmte woningen 2023 (FVrvKC_mean_SJV x 0.03165) / PBL Vesta 2025 Vrv_{label} "
          "at OP_mean (derive_practice_factor.py)")


def rows(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter=";"))


def main(woningen, population_1a, population_1b):
    vesta = rows(woningen)[: len(TYPES) * len(PERIODS)]
    theory, default = {}, {}
    for k, r in enumerate(vesta):
        key = (TYPES[k // len(PERIODS)], k % len(PERIODS))
        default[key] = r["Default_label"]
        for label in LABELS:
            theory[key + (label,)] = (float(r[f"Vrv_{label}_asl"]), float(r[f"Vrv_{label}_opp"]))
    cells = {}
    for path, detached in [(population_1b, True), (population_1a, False)]:
        for r in rows(path):
            w, label = int(float(r["W"])), r["S"]
            if (w == 1) != detached or label not in LABELS:
                continue
            key = (TYPES[w - 1], int(float(r["B"])), label)
            a, b = theory[key]
            area = float(r["OP_mean [m2]"])
            measured = float(r["FVrvKC_mean_SJV [m3 aardgas]"]) * GJ_PER_M3
            cells.setdefault(key, []).append((float(r["Count"]), measured, a + b * area))
    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# Practice factor: measured / theoretical space heat per dwelling (multiplies the theoretical demand).")
    print("# default_label 1: the label the residential table's a + b*A stands for (Vesta's default of the class).")
    out.writerow(["type", "from_year", "to_year", "label", "default_label", "factor", "source"])
    for t in TYPES:
        for p, (first, last) in enumerate(PERIODS):
            for label in LABELS:
                xs = cells[(t, p, label)]
                counted = sum(c for c, _, _ in xs) > 0
                weights = [c if counted else 1.0 for c, _, _ in xs]
                factor = sum(w * m for w, (_, m, _) in zip(weights, xs)) / sum(w * th for w, (_, _, th) in zip(weights, xs))
                out.writerow([t, first, last, label, int(label == default[(t, p)]), f"{factor:.3f}", SOURCE])


if __name__ == "__main__":
    main(*sys.argv[1:4])
