"""Make the kit's simulated data sets, reproducibly.

Every data set here is SIMULATED (模拟数据): invented to be realistic enough to teach
with, never to be quoted as real statistics. Each generator uses a fixed seed, so
``python -m suyang.datasets.generate`` rewrites byte-identical CSV files, and a test
regenerates them and compares.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
GENERATORS: dict[str, Callable[[], pd.DataFrame]] = {}


def generator(name: str, seed: int) -> Callable:
    """Register a generator under the data set's name with its seed (kept in the card)."""

    def wrap(fn: Callable[[np.random.Generator], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
        def make() -> pd.DataFrame:
            return fn(np.random.default_rng(seed))

        make.seed = seed  # type: ignore[attr-defined]
        GENERATORS[name] = make
        return make

    return wrap


@generator("school_weather", seed=20240301)
def school_weather(rng: np.random.Generator) -> pd.DataFrame:
    """Four weeks of a school weather station in early spring.

    Two deliberate flaws for learners to find: one day's high was typed without its
    decimal point (12.5 became 125), and one day's rainfall was never recorded.
    """
    dates = pd.date_range("2024-03-04", periods=28, freq="D")
    trend = np.linspace(9.0, 17.0, len(dates))
    high = trend + rng.normal(0, 2.0, len(dates))
    rainy = rng.random(len(dates)) < 0.3
    rainy[9:13] = True  # a wet spell in the second week
    high[rainy] -= 3.0
    low = high - rng.uniform(6.0, 10.0, len(dates))
    rain = np.where(rainy, rng.gamma(2.0, 4.0, len(dates)), 0.0)
    aqi = np.clip(rng.normal(75, 25, len(dates)) - rainy * 20, 20, 180)
    df = pd.DataFrame({
        "date": dates.strftime("%Y-%m-%d"),
        "weekday": dates.day_name().str[:3],
        "high_c": np.round(high, 1),
        "low_c": np.round(low, 1),
        "rain_mm": np.round(rain, 1),
        "aqi": np.round(aqi).astype(int),
    })
    df.loc[17, "high_c"] = 125.0  # the typing slip: 12.5 entered as 125
    df["rain_mm"] = df["rain_mm"].astype(object)
    df.loc[22, "rain_mm"] = None  # the station was offline that day
    return df


DISHES = {
    "tomato_egg": 6.0, "braised_pork": 9.0, "kung_pao_chicken": 8.0,
    "mapo_tofu": 5.0, "steamed_fish": 10.0, "veg_noodles": 5.0,
}


@generator("canteen_sales", seed=20240311)
def canteen_sales(rng: np.random.Generator) -> pd.DataFrame:
    """Portions sold per dish per school day over two weeks in one school canteen.

    Built-in patterns: braised pork is popular; noodles sell more on rainy days (the
    days follow the wet spell of ``school_weather``); Friday sells less (early finish).
    """
    days = pd.bdate_range("2024-03-11", periods=10)
    wet = {"2024-03-13", "2024-03-14", "2024-03-15"}
    base = {"tomato_egg": 110, "braised_pork": 150, "kung_pao_chicken": 120,
            "mapo_tofu": 70, "steamed_fish": 60, "veg_noodles": 80}
    rows = []
    for day in days:
        key = day.strftime("%Y-%m-%d")
        for dish, mean in base.items():
            m = mean * (0.8 if day.day_of_week == 4 else 1.0)
            if dish == "veg_noodles" and key in wet:
                m *= 1.6
            rows.append({"date": key, "weekday": day.day_name()[:3], "dish": dish,
                         "portions": int(rng.poisson(m)), "price_yuan": DISHES[dish]})
    return pd.DataFrame(rows)


@generator("screen_time_survey", seed=20240325)
def screen_time_survey(rng: np.random.Generator) -> pd.DataFrame:
    """An anonymous survey of 40 grade-8 students: daily screen time and sleep.

    Weekend screen time is higher than weekday; more screen time goes with a little less
    sleep (a weak, simulated link, for discussing correlation carefully later). Two
    answers are implausible (a student claimed 1,000 minutes a day; one left sleep blank).
    """
    n = 40
    weekday = np.clip(rng.normal(95, 35, n), 10, 240).round()
    weekend = np.clip(weekday * rng.uniform(1.2, 2.2, n), 20, 420).round()
    sleep = np.clip(9.2 - weekday / 120 + rng.normal(0, 0.5, n), 6.0, 10.5).round(1)
    device = rng.choice(["phone", "tablet", "computer", "tv"], size=n, p=[0.5, 0.2, 0.15, 0.15])
    df = pd.DataFrame({
        "student": [f"S{i:02d}" for i in range(1, n + 1)],
        "weekday_min": weekday.astype(int),
        "weekend_min": weekend.astype(int),
        "sleep_h": sleep,
        "main_device": device,
    })
    df.loc[12, "weekend_min"] = 1000  # an implausible answer
    df["sleep_h"] = df["sleep_h"].astype(object)
    df.loc[30, "sleep_h"] = None  # left blank
    return df


def load_generator_modules() -> None:
    """Import every ``gen_<topic>.py`` beside this file: lessons add their data there."""
    import importlib

    for path in sorted(HERE.glob("gen_*.py")):
        importlib.import_module(f"suyang.datasets.{path.stem}")


def write(name: str, folder: Path = HERE) -> Path:
    """Regenerate one data set's CSV file."""
    path = folder / f"{name}.csv"
    GENERATORS[name]().to_csv(path, index=False, lineterminator="\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the kit's simulated data sets.")
    parser.add_argument("names", nargs="*", help="data set names (default: all)")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    load_generator_modules()
    for name in args.names or sorted(GENERATORS):
        print(write(name, args.out))


if __name__ == "__main__":
    # run the registry of the importable module, where gen_*.py files register
    from suyang.datasets import generate as _module

    _module.main()
