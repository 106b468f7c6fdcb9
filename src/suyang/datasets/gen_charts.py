"""Simulated data for the lessons on judging and sharing charts (``honest_charts``).

``year_group_sports`` is a whole year group's answers to one survey question. It lets a
primary class compare "I asked three of my friends" with asking everybody: the kit's
lesson draws samples of different sizes from it and watches the answer settle down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

# How many of the 200 pupils named each sport as their favourite (fixed on purpose, so
# the lesson's numbers never change): skipping is the clear favourite of the year group,
# football is only fourth. Most of the 12 football-club members pick football, which is
# why "I asked three of my teammates" gives such a wrong picture.
SPORT_COUNTS = {
    "skipping": 52, "badminton": 41, "table_tennis": 35,
    "football": 30, "basketball": 26, "running": 16,
}
CLASSES = 5
CLUB_SIZE = 12
CLUB_FOOTBALL_FANS = 10


@generator("year_group_sports", seed=20240415)
def year_group_sports(rng: np.random.Generator) -> pd.DataFrame:
    """One favourite-sport answer from each of 200 grade-5 pupils in five classes of 40.

    Built-in patterns: skipping 52, badminton 41, table tennis 35, football 30,
    basketball 26, running 16. Twelve pupils are in the school football club; ten of
    them name football, one basketball and one running. With this seed the first three
    club members (P009, P024, P026, all in class 1) name football: they are the "three
    friends" a pupil asks in the lesson.
    """
    answers = [sport for sport, n in SPORT_COUNTS.items() for _ in range(n)]
    answers = list(rng.permutation(answers))
    # Put the football club together: pick 10 football fans and 2 others, spread over
    # the classes, and mark them as club members.
    football_idx = [i for i, s in enumerate(answers) if s == "football"]
    basketball_idx = [i for i, s in enumerate(answers) if s == "basketball"]
    running_idx = [i for i, s in enumerate(answers) if s == "running"]
    club = sorted([*rng.choice(football_idx, CLUB_FOOTBALL_FANS, replace=False),
                   int(rng.choice(basketball_idx)), int(rng.choice(running_idx))])
    in_club = np.zeros(len(answers), dtype=bool)
    in_club[club] = True
    return pd.DataFrame({
        "pupil": [f"P{i:03d}" for i in range(1, len(answers) + 1)],
        "class": [i // (len(answers) // CLASSES) + 1 for i in range(len(answers))],
        "favourite": answers,
        "football_club": in_club,
    })
