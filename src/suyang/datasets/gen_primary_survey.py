"""Simulated data for the primary track's first lesson (primary-01-class-survey).

Every data set here is SIMULATED (模拟数据): made up to be realistic enough to teach
with, never to be quoted as real statistics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

CLASS_SIZE = 40

# How many pupils in each class gave each answer. The counts are fixed (so the lesson's
# checks have one right answer); the seed only shuffles the order in which the answer
# sheets were handed in, as a real pile of survey slips would be.
PLAN: dict[str, dict[str, dict[str, int]]] = {
    # Class 3-1 lives mostly in the old streets round the school: walking comes first.
    "3-1": {
        "transport": {"walk": 14, "bike": 3, "bus": 5, "car": 7, "ebike": 11},
        "fruit": {"apple": 8, "banana": 4, "watermelon": 12, "strawberry": 10, "grape": 6},
    },
    # Many pupils in Class 3-2 live in the new estate across the river: the bus comes first.
    "3-2": {
        "transport": {"walk": 9, "bike": 2, "bus": 12, "car": 7, "ebike": 10},
        "fruit": {"apple": 6, "banana": 4, "watermelon": 9, "strawberry": 13, "grape": 8},
    },
}


@generator("class_survey", seed=20240902)
def class_survey(rng: np.random.Generator) -> pd.DataFrame:
    """Two grade-3 classes of 40 answer a two-question survey, one slip per pupil.

    Questions: "How do you usually come to school?" (walk, bike, bus, car, ebike: a
    parent's electric scooter) and "What is your favourite fruit?". Pupils appear as a
    number in the class, never by name. Built-in patterns: Class 3-1 mostly walks, Class
    3-2 mostly takes the bus; strawberries win in 3-2 and watermelon in 3-1; both classes
    have 40 pupils, so their counts can be compared directly.
    """
    rows = []
    for cls, topics in PLAN.items():
        answers = {}
        for topic, counts in topics.items():
            assert sum(counts.values()) == CLASS_SIZE, (cls, topic)
            pile = np.repeat(list(counts), list(counts.values()))
            answers[topic] = rng.permutation(pile)
        for i in range(CLASS_SIZE):
            rows.append({"class": cls, "pupil": i + 1,
                         "transport": answers["transport"][i], "fruit": answers["fruit"][i]})
    return pd.DataFrame(rows)
