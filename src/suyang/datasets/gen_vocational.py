"""Simulated data for the vocational lessons on data at work (模拟数据).

Three small data sets, each invented with a fixed seed and documented patterns so that a
trainer can explain every finding; none of them are real business, market or factory
statistics.

``shop_orders``
    Four weeks of orders in a small online shop run by one woman who sells handmade
    goods on a shop page and in two live-stream sessions a week (Tuesday evening and
    Saturday afternoon). Patterns: the Saturday stream sells the most; the scarf sells
    many units but is returned often (colour differs from the screen); tea sets bring the
    most revenue per order; orders placed on the shop page are returned least.

``crop_seasons``
    Twelve seasons (2013-2024) of season rainfall, yield per mu and farm-gate price for
    three crops in one hilly county. Patterns: maize is steady; chili peppers pay the
    most on average but their price swings widely (a glut year follows a good year) and
    they suffer in very wet seasons; soybean sits in between. Costs per mu are in
    ``suyang.activities.work_data.COST_PER_MU``.

``line_measurements``
    120 bolts from one production line, one measured every 5 minutes over two five-hour shifts
    (nominal length 50.00 mm). The first 40 come from a settled, in-control period used
    to set the control limits. Two deliberate problems: bolt 57 is far too long (a loose
    clamp, fixed at once), and from bolt 86 onwards the cutting tool wears, so lengths
    creep up by about 0.003 mm per bolt.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .generate import generator

PRODUCTS = {  # product: (price in yuan, cost per unit in yuan, mean units per order line)
    "scarf": (68.0, 30.0, 1.3),
    "tea_set": (158.0, 85.0, 1.0),
    "embroidered_bag": (98.0, 45.0, 1.1),
    "hair_clip": (19.0, 6.0, 2.2),
}
RETURN_RATE = {"scarf": 0.22, "tea_set": 0.05, "embroidered_bag": 0.08, "hair_clip": 0.04}
SESSION_ORDERS = {"live_tue": 14, "live_sat": 26, "shop_page": 2}  # mean orders per day


@generator("shop_orders", seed=20240506)
def shop_orders(rng: np.random.Generator) -> pd.DataFrame:
    """Order lines of a small online shop over four weeks, by sales channel."""
    days = pd.date_range("2024-05-06", periods=28, freq="D")
    mix = {"scarf": 0.38, "tea_set": 0.17, "embroidered_bag": 0.2, "hair_clip": 0.25}
    rows = []
    for day in days:
        channels = ["shop_page"]
        if day.day_name() == "Tuesday":
            channels.append("live_tue")
        if day.day_name() == "Saturday":
            channels.append("live_sat")
        for channel in channels:
            for _ in range(rng.poisson(SESSION_ORDERS[channel])):
                product = rng.choice(list(mix), p=list(mix.values()))
                price, cost, units = PRODUCTS[product]
                back = RETURN_RATE[product] * (0.4 if channel == "shop_page" else 1.0)
                rows.append({
                    "date": day.strftime("%Y-%m-%d"),
                    "channel": channel,
                    "product": product,
                    "units": 1 + int(rng.poisson(units - 1)),
                    "price_yuan": price,
                    "cost_yuan": cost,
                    "returned": int(rng.random() < back),
                })
    df = pd.DataFrame(rows)
    df.insert(0, "order_id", [f"A{i:04d}" for i in range(1, len(df) + 1)])
    return df


CROPS = {  # crop: (yield kg/mu in a normal season, mean price yuan/kg, price spread)
    "maize": (520.0, 2.3, 0.12),
    "soybean": (170.0, 5.6, 0.6),
    "chili": (1500.0, 2.4, 1.0),
}


@generator("crop_seasons", seed=20240601)
def crop_seasons(rng: np.random.Generator) -> pd.DataFrame:
    """Twelve seasons of rainfall, yield and price for three crops (simulated county)."""
    years = range(2013, 2025)
    rain = np.clip(rng.normal(620, 150, 12), 300, 1000).round()
    rain[7] = 960.0  # a very wet season (2020)
    rows = []
    chili_price = CROPS["chili"][1]
    for i, year in enumerate(years):
        wet = max(0.0, (rain[i] - 750) / 250)
        dry = max(0.0, (450 - rain[i]) / 150)
        for crop, (base_yield, mean_price, spread) in CROPS.items():
            if crop == "chili":
                # cobweb: a high price one year tempts everyone to plant, so it falls next
                chili_price = np.clip(mean_price - 0.7 * (chili_price - mean_price)
                                      + rng.normal(0, spread * 0.6), 1.0, 4.2)
                price = chili_price
                harm = 0.45 * wet + 0.25 * dry
            else:
                price = mean_price + rng.normal(0, spread)
                harm = (0.15 if crop == "maize" else 0.25) * wet + 0.3 * dry
            yld = base_yield * (1 - harm) * (1 + rng.normal(0, 0.06))
            rows.append({"year": year, "rain_mm": int(rain[i]), "crop": crop,
                         "yield_kg_per_mu": round(float(yld)),
                         "price_yuan_per_kg": round(float(price), 2)})
    return pd.DataFrame(rows)


@generator("line_measurements", seed=20240715)
def line_measurements(rng: np.random.Generator) -> pd.DataFrame:
    """120 bolt lengths, one every 5 minutes, with a one-off fault and a slow drift."""
    n = 120
    length = 50.0 + rng.normal(0, 0.02, n)
    length[56] += 0.11  # bolt 57: loose clamp
    drift_start = 85  # bolt 86
    length[drift_start:] += 0.003 * np.arange(1, n - drift_start + 1)
    times = pd.date_range("2024-07-15 08:00", periods=n, freq="5min")
    return pd.DataFrame({
        "bolt": np.arange(1, n + 1),
        "time": times.strftime("%H:%M"),
        "shift": np.where(np.arange(n) < 60, "morning", "afternoon"),
        "length_mm": np.round(length, 3),
    })
