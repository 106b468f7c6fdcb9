"""Simulated data for the seniors' health lessons (模拟数据).

``health_log`` is four weeks (1-28 April 2024) of a fictional retiree's own health log:
daily step count from her phone and one blood-pressure reading each morning. Nobody
real is behind it, and it is **not medical advice**: the numbers only follow a few
documented patterns, so a volunteer can explain everything a learner notices.

- Steps: about 4,800 a day in week 1; from Monday 8 April she joins a morning walking
  group, so weeks 2-4 sit around 6,300-6,800. One odd day: Wednesday 17 April, heavy
  rain, she stayed in (1,450 steps). That single low day does not make week 3 the
  lowest week: week 1 stays the lowest.
- Morning blood pressure (upper/systolic and lower/diastolic, mmHg): steady around
  127/80 for three weeks. One odd reading: Thursday 11 April, 156/94, taken straight
  after rushing up the stairs (her note says so); the next morning is back to normal.
  In week 4 (22-28 April) every reading is higher, around 143/89: a steady rise over
  several days, the kind of change to show a doctor.
- ``note`` holds her own remark on the two odd days, and ``none`` otherwise.

``health_rumours`` is six made-up messages in a fictional neighbours' chat group, with
the four "check before you forward" signs marked by hand (sender unclear, no source you
can check, selling something, scares or rushes you) and how often each was forwarded in
one week. Forward counts are drawn from a Poisson distribution whose rate grows with
how scary the message is (scary rumours travel faster than calm, true notices), a
simplified pattern for teaching, not a measured statistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .generate import generator

LOG_DAYS = pd.date_range("2024-04-01", periods=28, freq="D")
ODD_STEPS_DAY = "2024-04-17"
ODD_BP_DAY = "2024-04-11"


@generator("health_log", seed=20240401)
def health_log(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for i, day in enumerate(LOG_DAYS):
        week = i // 7 + 1
        date = day.strftime("%Y-%m-%d")
        step_level = 4800 if week == 1 else 6300 + 200 * (week - 2)
        steps = int(round(step_level + rng.normal(0, 450), -1))
        sys_level, dia_level = (143, 89) if week == 4 else (127, 80)
        systolic = int(round(sys_level + rng.normal(0, 3)))
        diastolic = int(round(dia_level + rng.normal(0, 2)))
        note = "none"
        if date == ODD_STEPS_DAY:
            steps, note = 1450, "rain"
        if date == ODD_BP_DAY:
            systolic, diastolic, note = 156, 94, "rushed"
        rows.append({"date": date, "weekday": day.strftime("%a"), "week": week,
                     "steps": steps, "systolic": systolic, "diastolic": diastolic,
                     "note": note})
    return pd.DataFrame(rows)


# (code, sender, unclear_sender, no_source, selling, scary, zh text, en text)
RUMOURS = [
    ("ginger_tea", "unknown_member", 1, 1, 1, 1,
     "【震惊】每天早上喝一杯姜茶，糖尿病就能根治，降糖药可以停了！我们的特制姜茶今天半价，"
     "赶紧转发给十个好友，晚了就没了！",
     "SHOCKING: a cup of ginger tea every morning CURES diabetes, so you can stop your "
     "pills! Our special ginger tea is half price today only. Forward to 10 friends before "
     "it's gone!"),
    ("flu_clinic", "health_centre", 0, 0, 0, 0,
     "社区卫生服务中心通知：10 月 14 日至 18 日上午 9 点到 11 点，"
     "为 60 岁以上居民免费接种流感疫苗，请带身份证。详情见中心门口公告栏，或拨打中心值班电话咨询。",
     "Notice from the community health centre: free flu jabs for residents aged 60 and over, "
     "14-18 October, 9-11 am. Please bring your ID card. Details are on the notice board at "
     "the centre, or ask at the centre's front desk."),
    ("walking_study", "daughter", 0, 1, 0, 0,
     "妈，我看到一篇文章，说有大学研究发现，久坐的人每小时起来走五分钟，对心脏好。您也试试？",
     "Mum, I read an article saying a university study found that people who sit a lot "
     "should get up and walk for five minutes every hour; it's good for the heart. Maybe "
     "give it a try?"),
    ("vaccine_legs", "old_classmate", 1, 1, 0, 1,
     "听说打了新疫苗的老人腿都没劲了！我表哥的邻居打完就走不动路了，大家千万别去打，快告诉家里老人！",
     "I've heard the new vaccine makes old people's legs go weak! My cousin's neighbour "
     "couldn't walk after having it. Don't get it, and warn all the older folk you know!"),
    ("microwave_water", "unknown_member", 1, 1, 0, 1,
     "紧急扩散！微波炉热过的水会致癌，一位专家说的，看到的人马上转发，救救家人！",
     "URGENT, PLEASE SHARE! Water heated in a microwave causes cancer, an expert says. "
     "Forward this now and save your family!"),
    ("garlic_pressure", "group_admin", 1, 1, 1, 1,
     "著名养生专家：生吃大蒜七天，血压就正常，不用再吃降压药！大蒜精胶囊团购价 99 元三盒，"
     "名额有限，先到先得！",
     "Famous health expert: eat raw garlic for seven days and your blood pressure will be "
     "normal, no more pills! Garlic capsules, group price 99 yuan for three boxes. Limited "
     "places, first come first served!"),
]


@generator("health_rumours", seed=20241014)
def health_rumours(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, sender, unclear, no_source, selling, scary, zh, en in RUMOURS:
        rate = 3 + 15 * scary + 4 * selling  # scary, pushy messages are passed on more
        rows.append({"message": code, "sender": sender, "unclear_sender": unclear,
                     "no_source": no_source, "selling": selling, "scary": scary,
                     "forwards_in_week": int(rng.poisson(rate)),
                     "text_zh": zh, "text_en": en})
    return pd.DataFrame(rows)
