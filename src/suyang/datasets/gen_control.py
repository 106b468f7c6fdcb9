"""Simulated sensor logs for the sense-decide-act lessons (模拟数据).

``classroom_sensors`` is one school week in a grade-8 classroom that has four sensors
(temperature, CO2, daylight at the window, motion) logging every 10 minutes. The log was
recorded *before* any automation, so a lesson can replay it through rules such as "if
CO2 > 1000 ppm, open the window" and count how often each rule would have fired.

The physics is deliberately simple and documented here, so a teacher can explain every
pattern a learner finds:

- CO2 rises while the class is in the room (about 2.6 ppm per person per 10 minutes in a
  closed room) and falls back towards the outdoor level (420 ppm) through leaks, faster
  when the room is empty and the door stands open in breaks.
- Temperature drifts towards a target: the heating's 19 °C plus a little warmth from the
  people in the room and from the sun on bright days.
- Daylight at the window follows the short November day (a sine bump from about 06:50 to
  17:00) scaled by the day's weather: sunny, cloudy or rainy.
- Motion is 1 when the sensor saw movement in the last 10 minutes. During the quiet noon
  rest it often reads 0 although the class is there.

Timetable: lessons from 08:00, outdoor exercises 09:40-10:00 (room empty), lunch in the
canteen 11:40-12:40 (empty), noon rest in the room until 13:30, lessons until 16:10,
cleaning until 16:40. Tuesday's third lesson is PE (room empty); on Friday school ends
after the second afternoon lesson (15:10), as in ``canteen_sales``.

One deliberate flaw for learners to find: on Thursday from 13:00 the CO2 sensor is
stuck, repeating its 12:50 reading although the class is back in the room.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .generate import generator

DAYS = pd.bdate_range("2024-11-18", periods=5)
WEATHER = {"Mon": "sunny", "Tue": "cloudy", "Wed": "rainy", "Thu": "sunny", "Fri": "cloudy"}
PEAK_DAYLIGHT = {"sunny": 900.0, "cloudy": 450.0, "rainy": 180.0}
OUTDOOR_CO2 = 420.0
CLASS_SIZE = 40


def _people(weekday: str, minute: int) -> int:
    """How many people are in the room at ``minute`` (minutes after midnight)."""
    def at(h: int, m: int) -> int:
        return h * 60 + m

    end_of_lessons = at(15, 10) if weekday == "Fri" else at(16, 10)
    if minute < at(7, 40):
        return 0
    if minute < at(8, 0):
        return 25  # arriving
    if at(9, 40) <= minute < at(10, 0):
        return 0  # outdoor exercises
    if weekday == "Tue" and at(10, 0) <= minute < at(10, 50):
        return 0  # PE lesson
    if at(11, 40) <= minute < at(12, 40):
        return 0  # lunch in the canteen
    if minute < end_of_lessons:
        return CLASS_SIZE
    if minute < end_of_lessons + 30:
        return 8  # the cleaning team
    return 0


@generator("classroom_sensors", seed=20241118)
def classroom_sensors(rng: np.random.Generator) -> pd.DataFrame:
    """One school week of a smart classroom's sensor log, every 10 minutes 07:30-17:30."""
    rows = []
    for day in DAYS:
        weekday = day.day_name()[:3]
        weather = WEATHER[weekday]
        co2 = OUTDOOR_CO2 + rng.normal(20, 5)
        temp = 17.5 + rng.normal(0, 0.3)
        for minute in range(7 * 60 + 30, 17 * 60 + 31, 10):
            people = _people(weekday, minute)
            leak = 0.08 if people else 0.25
            co2 += 2.6 * people - leak * (co2 - OUTDOOR_CO2) + rng.normal(0, 8)
            co2 = max(co2, OUTDOOR_CO2 - 10)
            hours_of_light = (minute - 410) / (1020 - 410)  # 06:50 to 17:00
            sun = np.sin(np.pi * hours_of_light) if 0 < hours_of_light < 1 else 0.0
            daylight = max(0.0, PEAK_DAYLIGHT[weather] * sun * rng.uniform(0.9, 1.1))
            target = 19.0 + 0.08 * people + (1.5 * sun if weather == "sunny" else 0.0)
            temp += 0.15 * (target - temp) + rng.normal(0, 0.1)
            quiet_rest = 12 * 60 + 40 <= minute < 13 * 60 + 30
            moved = people > 0 and (not quiet_rest or rng.random() < 0.4)
            rows.append({
                "date": day.strftime("%Y-%m-%d"),
                "weekday": weekday,
                "time": f"{minute // 60:02d}:{minute % 60:02d}",
                "temp_c": round(float(temp), 1),
                "co2_ppm": int(round(co2)),
                "light_lux": int(round(daylight)),
                "motion": int(moved),
            })
    df = pd.DataFrame(rows)
    thursday = df["weekday"] == "Thu"
    stuck_value = df.loc[thursday & (df["time"] == "12:50"), "co2_ppm"].iloc[0]
    df.loc[thursday & (df["time"] >= "13:00"), "co2_ppm"] = stuck_value  # the stuck sensor
    return df
