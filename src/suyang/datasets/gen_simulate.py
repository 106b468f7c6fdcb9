"""Simulated data for the high-school lessons on correlation and fitting lines (``simulate``).

``hot_days`` is two early summers of school days: each day's highest temperature, how
many cold drinks the school shop sold, and how many students went to the school clinic
feeling unwell in the heat. Both counts are made to follow the temperature and NOTHING
else: drinks never make anyone ill. So the two counts are correlated with each other
only because they share a cause, which is exactly the trap the lesson teaches learners
to spot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

DAYS_PER_YEAR = 40


@generator("hot_days", seed=20240593)
def hot_days(rng: np.random.Generator) -> pd.DataFrame:
    """Forty school days (weekdays from 13 May) in each of 2023 and 2024.

    Built-in patterns: the high temperature climbs from about 24 °C to about 34 °C over
    each early summer, with day-to-day noise (sd 2.2 °C); cold drinks sold = 20 + 9 per
    degree above 20 °C plus noise (sd 14); clinic visits are Poisson counts with mean
    0.3 per degree above 24 °C (at least 0.2). Drinks and visits are drawn independently
    given the temperature, so within a 3-degree band they are barely correlated. The
    seed was chosen so that the within-band correlations are all close to 0 (|r| < 0.15).
    """
    n = 2 * DAYS_PER_YEAR
    dates = [d for year in (2023, 2024)
             for d in pd.bdate_range(f"{year}-05-13", periods=DAYS_PER_YEAR)]
    temp = np.tile(np.linspace(24.0, 34.0, DAYS_PER_YEAR), 2) + rng.normal(0, 2.2, n)
    temp = np.round(temp, 1)
    drinks = 20 + 9 * (temp - 20) + rng.normal(0, 14, n)
    visits = rng.poisson(np.clip(0.3 * (temp - 24), 0.2, None))
    return pd.DataFrame({
        "date": pd.DatetimeIndex(dates).strftime("%Y-%m-%d"),
        "temp_c": temp,
        "cold_drinks": np.round(drinks).astype(int),
        "clinic_visits": visits.astype(int),
    })
