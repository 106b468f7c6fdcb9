"""Simulated data for the high-school lessons on cleaning and summarising data (``cleaning``).

``sports_day_raw`` is a results sheet typed in by four volunteers on sports day, with the
mess real sheets have: rows typed twice, blanks, "DNS", units typed into the number, and
one volunteer who wrote the long jump in centimetres. ``fitness_tests`` is a tidy table of
fitness-test scores built so that a pivot table both answers questions and hides one
(an aggregation trap in the style of Simpson's paradox).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

CLASSES = ["10-1", "10-2", "10-3", "10-4"]
# The volunteer who recorded each class; V3 (class 10-3) wrote long jumps in centimetres.
RECORDERS = {"10-1": "V1", "10-2": "V2", "10-3": "V3", "10-4": "V4"}
ATHLETES_PER_EVENT = 6


@generator("sports_day_raw", seed=20240920)
def sports_day_raw(rng: np.random.Generator) -> pd.DataFrame:
    """72 sports-day results (4 classes x 3 events x 6 athletes) plus 3 rows typed twice.

    Built-in mess, all documented in the card: the ``result`` column is text; three sprint
    times carry an "s" and one shot put an "m"; class 10-3's long jumps are in centimetres
    (452 for 4.52 m); two results are blank and one says "DNS" (did not start), all three
    in class 10-2's 100 m, so filling them with 0 makes 10-2 look the fastest class; rows
    E007, E031 and E058 were typed twice. Class 10-4 is really the fastest at 100 m.
    """
    rows = []
    n = 0
    sprint_base = {"10-1": 14.1, "10-2": 14.3, "10-3": 14.2, "10-4": 13.7}
    for event, (mean, sd, digits) in {"sprint_100m": (0.0, 0.6, 2),
                                      "long_jump": (4.35, 0.35, 2),
                                      "shot_put": (8.2, 1.0, 2)}.items():
        for cls in CLASSES:
            for k in range(ATHLETES_PER_EVENT):
                n += 1
                centre = sprint_base[cls] if event == "sprint_100m" else mean
                value = round(float(centre + rng.normal(0, sd)), digits)
                athlete = f"P{cls.replace('-', '')}{k + 1:02d}"
                if event == "long_jump" and cls == "10-3":
                    text = f"{round(value * 100):d}"
                else:
                    text = f"{value:.2f}"
                rows.append({"entry": f"E{n:03d}", "class": cls, "athlete": athlete,
                             "event": event, "result": text, "recorder": RECORDERS[cls]})
    df = pd.DataFrame(rows)
    # Units typed into the number.
    for i in (2, 15, 21):
        df.loc[i, "result"] = df.loc[i, "result"] + "s"
    df.loc[50, "result"] = df.loc[50, "result"] + "m"
    # Class 10-2's 100 m (rows 6-11): two blanks and one "did not start".
    df.loc[7, "result"] = None
    df.loc[9, "result"] = "DNS"
    df.loc[10, "result"] = None
    # Three rows typed twice, next to the original (as happens when a sheet is re-entered).
    dup = df.loc[[6, 30, 57]]
    df = pd.concat([df, dup]).sort_index(kind="stable").reset_index(drop=True)
    return df


# Endurance-run pass counts (passed, total) by gender and running-club membership, fixed
# so the trap is exact: in each gender club members pass more often, yet overall they pass
# less often, because most club members are boys, whose endurance pass rate here is lower.
ENDURANCE = {("boy", True): (26, 40), ("boy", False): (24, 40),
             ("girl", True): (7, 8), ("girl", False): (61, 72)}
BANDS = [(90, "excellent"), (80, "good"), (60, "pass"), (0, "fail")]


def _band(score: int) -> str:
    return next(name for low, name in BANDS if score >= low)


@generator("fitness_tests", seed=20241015)
def fitness_tests(rng: np.random.Generator) -> pd.DataFrame:
    """Fitness-test scores (points out of 100) of 160 grade-10 students in three events.

    Built-in patterns: 40 students per class; class 10-4 is strongest in the 50 m sprint,
    10-1 in the standing long jump; pass = 60 points or more. In the endurance run, running
    club members pass more often than non-members among boys (65% vs 60%) and among girls
    (87.5% vs 84.7%), but less often overall (68.8% vs 75.9%).
    """
    students = []
    for (gender, club), (passed, total) in ENDURANCE.items():
        passes = rng.permutation([True] * passed + [False] * (total - passed))
        for p in passes:
            students.append({"gender": gender, "run_club": club, "endurance_pass": bool(p)})
    order = rng.permutation(len(students))
    students = [students[i] for i in order]
    sprint_shift = {"10-1": 0, "10-2": -2, "10-3": 1, "10-4": 7}
    jump_shift = {"10-1": 6, "10-2": 0, "10-3": -3, "10-4": 1}
    rows = []
    for i, s in enumerate(students):
        cls = CLASSES[i % 4]
        code = f"S{i + 1:03d}"
        if s["endurance_pass"]:
            endurance = int(rng.integers(60, 96))
        else:
            endurance = int(rng.integers(40, 60))
        scores = {
            "sprint_50m": int(np.clip(round(74 + sprint_shift[cls] + rng.normal(0, 9)), 30, 100)),
            "long_jump": int(np.clip(round(72 + jump_shift[cls] + rng.normal(0, 10)), 30, 100)),
            "endurance": endurance,
        }
        for event, score in scores.items():
            rows.append({"student": code, "class": cls, "gender": s["gender"],
                         "run_club": s["run_club"], "event": event, "score": score,
                         "band": _band(score), "passed": score >= 60})
    return pd.DataFrame(rows)
