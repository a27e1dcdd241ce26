"""The test town's key figures per buurt against the reviewed table tests/reference/town_key_figures.csv
(issue 38, item 10): an unintended change to a dwelling count, a demand, a score, a cost or the
choice fails here and shows which; an intended one is a diff of that file (make_reference.py)."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reference"))
from make_reference import NUMBERS, SIGNIFICANT, TABLE, TEXTS, key_figures  # noqa: E402

RELATIVE = 10.0 ** (1 - SIGNIFICANT)  # what writing SIGNIFICANT digits can move a figure


def test_the_town_equals_its_reviewed_key_figures():
    expected = pd.read_csv(TABLE, dtype={c: str for c in ["buurtcode", *TEXTS]}, keep_default_na=False,
                           na_values={c: [""] for c in NUMBERS})
    got = key_figures()
    assert got["buurtcode"].tolist() == expected["buurtcode"].tolist()
    changed = []
    for column in NUMBERS:
        a, b = expected[column].to_numpy(float), got[column].to_numpy(float)
        same = (np.isnan(a) & np.isnan(b)) | np.isclose(b, a, rtol=RELATIVE, atol=1e-9)
        changed += [(code, column, x, y) for code, x, y, s in zip(got["buurtcode"], a, b, same) if not s]
    for column in TEXTS:
        a, b = expected[column].tolist(), got[column].fillna("").astype(str).tolist()
        changed += [(code, column, x, y) for code, x, y in zip(got["buurtcode"], a, b) if x != y]
    assert not changed, ("key figures differ from tests/reference/town_key_figures.csv (buurt, field, reviewed, now); "
                         "if the change is intended, run tests/reference/make_reference.py and commit the diff:\n"
                         + "\n".join(map(str, changed[:40])))
