"""Simulated data sets for the high-school AI lessons (k-means, fairness).

Everything here is SIMULATED (模拟数据): invented with a fixed seed to teach with, never
to be quoted as real measurements or real statistics.

- ``student_habits``: daily reading and exercise minutes of 45 grade-11 students. Three
  loose groups are built in (readers, exercisers, students who do little of either) and
  they overlap, so k-means finds them but the borders are fuzzy on purpose.
- ``scholarship_applicants``: 120 applicants to a school scholarship. Test scores are
  drawn from the SAME distribution in both areas; competition awards are not, because
  (in the story) coaching for competitions is easier to reach in the city. A score that
  "never looks at the area" but counts awards therefore favours city applicants: awards
  are a proxy variable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

# (mean reading, mean exercise, spread, count): three habits, invented.
HABIT_GROUPS: list[tuple[float, float, float, int]] = [
    (55.0, 20.0, 9.0, 15),   # readers
    (18.0, 65.0, 10.0, 16),  # exercisers
    (15.0, 18.0, 7.0, 14),   # little of either
]


@generator("student_habits", seed=20240915)
def student_habits(rng: np.random.Generator) -> pd.DataFrame:
    """45 students' daily reading and exercise minutes (a week's average, rounded)."""
    rows = []
    for mean_read, mean_ex, spread, n in HABIT_GROUPS:
        reading = rng.normal(mean_read, spread, n)
        exercise = rng.normal(mean_ex, spread, n)
        for r, e in zip(reading, exercise, strict=True):
            rows.append({"reading_min": int(np.clip(round(r), 0, 120)),
                         "exercise_min": int(np.clip(round(e), 0, 120))})
    df = pd.DataFrame(rows)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "student", [f"S{i:02d}" for i in range(1, len(df) + 1)])
    return df


@generator("scholarship_applicants", seed=20240601)
def scholarship_applicants(rng: np.random.Generator) -> pd.DataFrame:
    """120 applicants: 70 from the city, 50 from the county; same test-score spread."""
    rows = []
    for area, n, award_rate in (("city", 70, 1.6), ("county", 50, 0.5)):
        tests = np.clip(rng.normal(76, 9, n), 45, 100)
        awards = np.minimum(rng.poisson(award_rate, n), 5)
        for t, a in zip(tests, awards, strict=True):
            rows.append({"area": area, "test_score": int(round(t)), "awards": int(a)})
    df = pd.DataFrame(rows)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "applicant", [f"A{i:03d}" for i in range(1, len(df) + 1)])
    return df
