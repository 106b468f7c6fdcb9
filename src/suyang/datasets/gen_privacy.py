"""Simulated data for the lesson on "anonymous" data (middle-06-anonymous-data).

Two SIMULATED (模拟数据) tables about one invented junior secondary school:

``school_health_check``
    The autumn health check of every student in grades 7-9 (12 classes, 480 students),
    released "anonymously": names replaced by record codes, but birthday, gender and class
    kept. Heights grow with age (boys faster), so older students in a grade are a little
    taller; short sight (vision below 5.0) is more common in higher grades.
``class_birthdays``
    A public class list of class 8(2): name, gender, class and birthday, as a class might
    post it for birthday greetings. Every row matches a health-check record on birthday +
    gender + class; one pair of twin brothers share all three, so 38 of the 40 classmates
    can be pinned to exactly one record.

No real person, school or statistic is behind any number here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

CHECK_DAY = pd.Timestamp("2024-10-15")
GRADES = {7: 2011, 8: 2010, 9: 2009}  # grade -> calendar year of the school year's 1 Sep
CLASSES_PER_GRADE = 4
SHORT_SIGHT_RATE = {7: 0.52, 8: 0.62, 9: 0.70}  # invented, for a visible grade pattern
TWINS = ("chen_zixuan", "chen_zimo")

# Class 8(2): (code, Chinese name, gender). Invented names; the card maps codes to labels.
CLASS_8_2 = [
    ("chen_zixuan", "陈子轩", "M"), ("chen_zimo", "陈子墨", "M"),
    ("li_xinran", "李欣然", "F"), ("wang_yutong", "王雨桐", "F"),
    ("zhang_haoran", "张浩然", "M"), ("liu_siqi", "刘思琪", "F"),
    ("yang_mingyuan", "杨明远", "M"), ("zhao_yifan", "赵一帆", "M"),
    ("huang_shiyu", "黄诗雨", "F"), ("zhou_junjie", "周俊杰", "M"),
    ("wu_jiaxin", "吴佳欣", "F"), ("xu_zeyu", "徐泽宇", "M"),
    ("sun_mengyao", "孙梦瑶", "F"), ("hu_yuxuan", "胡宇轩", "M"),
    ("zhu_ruoxi", "朱若汐", "F"), ("gao_tianyou", "高天佑", "M"),
    ("lin_ke", "林可", "F"), ("he_jiarui", "何家瑞", "M"),
    ("guo_xiaoyu", "郭晓雨", "F"), ("ma_chenxi", "马晨曦", "M"),
    ("luo_yiran", "罗依然", "F"), ("liang_bowen", "梁博文", "M"),
    ("song_anqi", "宋安琪", "F"), ("zheng_kaiwen", "郑凯文", "M"),
    ("xie_wanqing", "谢婉清", "F"), ("han_yuchen", "韩煜晨", "M"),
    ("tang_keyi", "唐可依", "F"), ("feng_zhiyuan", "冯志远", "M"),
    ("yu_shihan", "于诗涵", "F"), ("dong_haoyu", "董浩宇", "M"),
    ("xiao_yuqi", "萧雨琪", "F"), ("cheng_yichen", "程一辰", "M"),
    ("cao_xinyi", "曹馨怡", "F"), ("yuan_mingze", "袁铭泽", "M"),
    ("deng_jiayi", "邓佳怡", "F"), ("jiang_ziang", "蒋子昂", "M"),
    ("pan_lele", "潘乐乐", "F"), ("du_yunfei", "杜云飞", "M"),
    ("ye_qingqing", "叶青青", "F"), ("wei_xiaoman", "魏小满", "F"),
]


def _birthdays(rng: np.random.Generator, first_year: int, n: int) -> pd.DatetimeIndex:
    """n birthdays spread over one school year's birth window (1 Sep to 31 Aug)."""
    start = pd.Timestamp(f"{first_year}-09-01")
    days = (pd.Timestamp(f"{first_year + 1}-09-01") - start).days
    return pd.DatetimeIndex(start + pd.to_timedelta(rng.integers(0, days, n), unit="D"))


def _height(rng: np.random.Generator, age: np.ndarray, boy: np.ndarray) -> np.ndarray:
    """Height in cm: boys grow faster than girls at 12-15; the rest is individual."""
    years = age - 12.0
    mean = np.where(boy, 154.0 + 6.0 * years, 151.5 + 4.2 * years - 0.7 * years**2)
    return mean + rng.normal(0, 6.0, len(age))


def _students(rng: np.random.Generator) -> pd.DataFrame:
    """Every student in grades 7-9 with class, gender and birthday (8(2) from the list)."""
    rows = []
    for grade, first_year in GRADES.items():
        for number in range(1, CLASSES_PER_GRADE + 1):
            cls = f"{grade}({number})"
            if cls == "8(2)":
                genders = [g for _, _, g in CLASS_8_2]
                names = [code for code, _, _ in CLASS_8_2]
                # the class list's birthdays: all different except the twins' shared one
                days = _birthdays(rng, first_year, 120).unique()[:len(CLASS_8_2) - 1]
                born = [days[0], *days]
            else:
                n = int(rng.integers(38, 43))
                genders = list(rng.choice(["F", "M"], size=n))
                names = [""] * n
                born = list(_birthdays(rng, first_year, n))
            for name, gender, day in zip(names, genders, born, strict=True):
                rows.append({"name": name, "grade": grade, "class": cls, "gender": gender,
                             "birth": pd.Timestamp(day)})
    return pd.DataFrame(rows)


def _health(rng: np.random.Generator, students: pd.DataFrame) -> pd.DataFrame:
    """Measurements for each student, in a shuffled order with record codes."""
    age = ((CHECK_DAY - students["birth"]).dt.days / 365.25).to_numpy()
    boy = (students["gender"] == "M").to_numpy()
    height = _height(rng, age, boy)
    bmi = np.clip(rng.normal(19.0, 2.8, len(age)), 14.5, 30.0)
    weight = bmi * (height / 100) ** 2
    class_shift = {c: rng.normal(0, 0.08) for c in sorted(students["class"].unique())}
    p_short = np.array([SHORT_SIGHT_RATE[g] + class_shift[c]
                        for g, c in zip(students["grade"], students["class"], strict=True)])
    short = rng.random(len(age)) < p_short
    vision = np.where(short, rng.choice(np.arange(40, 50), len(age)),
                      rng.choice([50, 50, 50, 51, 51, 52], len(age))) / 10
    df = pd.DataFrame({
        "birth_date": students["birth"].dt.strftime("%Y-%m-%d"),
        "gender": students["gender"],
        "class": students["class"],
        "height_cm": np.round(height, 1),
        "weight_kg": np.round(weight, 1),
        "vision": vision,
    })
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "record", [f"T{i:03d}" for i in range(1, len(df) + 1)])
    return df


def _school(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The whole simulated school: (students with names, anonymised health check)."""
    students = _students(rng)
    return students, _health(rng, students)


# Both tables are drawn from one simulated school: the same seed gives each generator the
# same random stream, so the class list links to the health check.
SEED = 20241015


@generator("school_health_check", seed=SEED)
def school_health_check(rng: np.random.Generator) -> pd.DataFrame:
    """The grade 7-9 health check, names removed, birthday + gender + class kept."""
    return _school(rng)[1]


@generator("class_birthdays", seed=SEED)
def class_birthdays(rng: np.random.Generator) -> pd.DataFrame:
    """Class 8(2)'s public list in birthday order: name, gender, class, birthday."""
    students = _school(rng)[0]
    mine = students[students["class"] == "8(2)"].sort_values("birth", kind="stable")
    return pd.DataFrame({
        "name": mine["name"].to_numpy(),
        "gender": mine["gender"].to_numpy(),
        "class": mine["class"].to_numpy(),
        "birth_date": mine["birth"].dt.strftime("%Y-%m-%d").to_numpy(),
    })
