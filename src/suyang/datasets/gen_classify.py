"""Simulated data sets for the classifying lessons (nearest neighbours, scam messages).

Everything here is SIMULATED (模拟数据): invented with a fixed seed to teach with, never
to be quoted as real measurements or real statistics.

- ``campus_leaves``: the leaves a nature club measured in autumn (the training set). Two
  flaws are built in on purpose, for learners to find: willow is rare (3 leaves against
  15 camphor), and ``yellow_pct`` depends on the *season*, not the tree (every ginkgo
  leaf was picked up yellow in November).
- ``campus_leaves_june``: leaves from the same three trees picked the next June (the test
  set): 8 of each, all of them green.
- ``scam_messages``: 40 short phone messages, each written in Chinese and in English,
  labelled scam or genuine, with the warning signs a person marked in each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from suyang.datasets.generate import generator

# Blade length and width (cm, stalk not included): typical ranges for the three trees.
# mean and spread of (length, width); the shapes come from botany, the numbers are made up.
LEAF_SHAPES: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "ginkgo": ((5.0, 6.6), (0.7, 0.8)),    # fan-shaped: wider than long
    "camphor": ((8.4, 4.0), (1.2, 0.6)),   # oval
    "willow": ((10.5, 1.9), (1.3, 0.35)),  # long and narrow
}


def _leaves(rng: np.random.Generator, counts: dict[str, int], season: str,
            prefix: str) -> pd.DataFrame:
    rows = []
    for tree, n in counts.items():
        (mean_len, mean_wid), (sd_len, sd_wid) = LEAF_SHAPES[tree]
        length = rng.normal(mean_len, sd_len, n)
        width = rng.normal(mean_wid, sd_wid, n)
        if season == "autumn":
            # picked up from the ground in November: ginkgo had turned yellow, the others
            # (camphor is evergreen; willow drops its leaves late) were still mostly green
            low, high = {"ginkgo": (65, 100), "camphor": (0, 25), "willow": (5, 40)}[tree]
        else:
            low, high = (0, 12)  # June: every leaf is green
        yellow = rng.uniform(low, high, n)
        for i in range(n):
            rows.append({"tree": tree, "length_cm": round(float(length[i]), 1),
                         "width_cm": round(max(float(width[i]), 0.6), 1),
                         "yellow_pct": int(round(float(yellow[i])))})
    df = pd.DataFrame(rows)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "leaf", [f"{prefix}{i:02d}" for i in range(1, len(df) + 1)])
    return df


@generator("campus_leaves", seed=20231108)
def campus_leaves(rng: np.random.Generator) -> pd.DataFrame:
    """30 leaves measured in November: 15 camphor, 12 ginkgo and only 3 willow."""
    return _leaves(rng, {"camphor": 15, "ginkgo": 12, "willow": 3}, "autumn", "A")


@generator("campus_leaves_june", seed=20240612)
def campus_leaves_june(rng: np.random.Generator) -> pd.DataFrame:
    """24 leaves picked the next June, 8 from each tree, all green: the test set."""
    return _leaves(rng, {"camphor": 8, "ginkgo": 8, "willow": 8}, "summer", "J")


# ------------------------------------------------------------------ scam messages
# Every message is written twice, for each language's reader (not word for word). Links
# are made up and end in the reserved ".example", so none of them leads anywhere. The
# warning signs were marked by a person reading the message:
#   urgent      pressure to act now (today, within hours, "immediately") or a threat
#   link        a web link to tap
#   asks_code   asks YOU to send or type in a verification code (a message that only
#               *gives* you a code does not count)
#   asks_money  asks you to pay, transfer or scan to pay
# ``unknown_sender`` is worked out from the sender: not in your contacts and not an
# official service number.
UNKNOWN_SENDERS = {"unknown_number", "unknown_account"}

# (sender, is_scam, urgent, link, asks_code, asks_money, text_zh, text_en)
MESSAGES: list[tuple[str, bool, int, int, int, int, str, str]] = [
    # ---- scams
    ("unknown_number", True, 1, 1, 0, 0,
     "【快递理赔】您的包裹在运输中丢失，我司将双倍赔付。请在今天内点击"
     " http://kd-lipei.example/p8 领取赔款。",
     "[Parcel claims] Your parcel was lost in transit and we will pay you back double. "
     "Tap http://parcel-refund.example/p8 today to claim."),
    ("unknown_number", True, 1, 1, 1, 0,
     "【安全中心】您的银行卡存在异常，将于 24 小时内冻结。请立即登录"
     " http://safe-bank.example 解除，并输入收到的验证码。",
     "[Security Centre] Unusual activity on your bank card: it will be frozen within 24 hours. "
     "Log in at http://safe-bank.example now and enter the code we send you."),
    ("unknown_account", True, 1, 0, 1, 0,
     "限时福利！免费领取游戏皮肤，把你的游戏账号和手机验证码发给我，马上到账～",
     "Limited time only! Free game skins! Just send me your game account and the code "
     "on your phone and they're yours right away :)"),
    ("unknown_number", True, 1, 0, 0, 1,
     "我是你表哥，换号了。现在急用钱，先转我 2000，晚上就还你，别跟你妈说。",
     "It's your cousin, new number. I need money urgently. Can you send me 2,000 yuan? "
     "I'll pay you back tonight. Don't tell your mum."),
    ("unknown_account", True, 0, 0, 0, 0,
     "在家动动手指给视频点赞就能赚钱，一单 5 元，当天结算。感兴趣加我 QQ 聊。",
     "Earn money from home just by liking videos! 5 yuan a task, paid the same day. "
     "Interested? Add me on QQ to chat."),
    ("unknown_number", True, 0, 1, 0, 1,
     "恭喜您的手机号被抽中二等奖，奖品是一部新手机！先交 200 元手续费即可领取，详情见"
     " http://prize.example",
     "Congratulations! Your phone number has won second prize: a brand-new phone! "
     "Just pay a 200 yuan handling fee to collect it. Details: http://prize.example"),
    ("unknown_account", True, 1, 0, 0, 1,
     "各位家长，本学期资料费每人 180 元，请今晚 8 点前扫码转到我个人账户，逾期会影响孩子领书。",
     "Dear parents, this term's materials fee is 180 yuan per child. Please scan the code "
     "and pay into my personal account before 8 pm tonight, or your child won't get their books."),
    ("unknown_number", True, 1, 1, 0, 0,
     "【ETC 服务】您的 ETC 认证已失效，请尽快点击"
     " http://etc-renew.example 重新认证，以免影响高速通行。",
     "[Toll tag service] Your motorway toll tag has expired. Tap http://toll-renew.example "
     "as soon as possible to renew it, or you won't be able to use the motorway."),
    ("unknown_number", True, 0, 0, 0, 0,
     "您好，我是购物平台客服。您买的商品有质量问题，我们可以给您三倍退款，请加我微信，按我说的一步步操作。",
     "Hello, I'm from the shopping site's customer service. The item you bought has a "
     "quality problem and we can refund you three times the price. Add me on WeChat and "
     "I'll guide you step by step."),
    ("unknown_number", True, 1, 0, 1, 0,
     "【系统通知】检测到你的游戏账号违规，30 分钟后将永久封号。如需申诉，请立即回复短信验证码。",
     "[System notice] Your game account has broken the rules and will be banned for good "
     "in 30 minutes. To appeal, reply with the code we've texted you right now."),
    ("unknown_number", True, 1, 1, 0, 0,
     "无抵押，秒到账！学生也能贷，最高 5 万元。点击 http://fast-loan.example 马上申请。",
     "No deposit, money in seconds! Students can borrow too, up to 50,000 yuan. "
     "Tap http://fast-loan.example and apply now."),
    ("unknown_number", True, 0, 0, 0, 1,
     "这里是市公安局。你涉嫌一起洗钱案件，需要把存款转到安全账户配合调查，不得告诉家人。",
     "This is the city police. You are suspected of money laundering. You must move your "
     "savings into a safe account while we investigate, and you must not tell your family."),
    ("unknown_number", True, 1, 0, 0, 1,
     "【健康讲座】老年人专享保健品今日特价，扫码付款 398 元，包送到家，还送一篮鸡蛋！",
     "[Health talk] Today only: a special price on health supplements for older people! "
     "Scan to pay 398 yuan and we deliver to your door, with a free basket of eggs!"),
    ("unknown_account", True, 0, 1, 0, 0,
     "这个视频里的人是你吗？http://v-share.example/x3",
     "Is this you in the video?? http://v-share.example/x3"),
    ("friend", True, 0, 0, 1, 0,
     "帮我个忙呗，我手机收不到短信。等会儿你会收到一个验证码，发给我一下好吗？",
     "Can you do me a favour? My phone isn't getting texts. You'll get a code in a "
     "minute. Could you send it to me?"),
    ("unknown_number", True, 1, 1, 1, 0,
     "【个税退税】您有一笔 1280 元退税待领取，请于今日内登录"
     " http://tax-refund.example 填写银行卡号和验证码。",
     "[Tax refund] You have a tax refund of 1,280 yuan waiting. Log in at "
     "http://tax-refund.example today and enter your bank card number and the code we send."),
    # ---- genuine messages
    ("mum", False, 0, 0, 0, 0,
     "放学我来接你，在校门口等我。",
     "I'll pick you up after school. Wait for me at the school gate."),
    ("school", False, 0, 1, 0, 0,
     "【育才中学】请家长于本周五前登录 https://school.example/form 填写学生假期安全承诺书。",
     "[Yucai Middle School] Parents: please fill in the holiday safety form at "
     "https://school.example/form by Friday."),
    ("official", False, 0, 0, 0, 0,
     "【学习 App】验证码 385201，5 分钟内有效。请勿把验证码告诉任何人。",
     "[Study App] Your code is 385201. It expires in 5 minutes. Never share this code "
     "with anyone."),
    ("official", False, 0, 0, 0, 0,
     "【驿站】您的包裹已到学校东门驿站，取件码 3-2-1089，请凭取件码取件。",
     "[Parcel point] Your parcel is at the pick-up point by the school's east gate. "
     "Collection code: 3-2-1089."),
    ("unknown_number", False, 0, 0, 0, 0,
     "你好，我是送快递的，你的包裹放在门卫室了，有空来拿一下。",
     "Hi, it's the delivery driver. I've left your parcel with the caretaker. Collect it "
     "when you can."),
    ("dad", False, 0, 0, 0, 0,
     "我今天加班，晚饭你先吃，冰箱里有饺子。",
     "Working late today. Have dinner without me, there are dumplings in the fridge."),
    ("class_teacher", False, 0, 0, 0, 1,
     "各位家长：班级春游费用每人 60 元，请在本周四前通过学校缴费平台缴纳，不要转给任何个人。",
     "Dear parents, the class spring trip costs 60 yuan per student. Please pay through "
     "the school's payment system by Thursday. Never send money to a person's account."),
    ("official", False, 0, 0, 0, 0,
     "【银行】您尾号 1234 的卡于 10:32 消费 58.00 元。如非本人操作，请拨打银行卡背面的客服电话。",
     "[Bank] Your card ending 1234 was used for 58.00 yuan at 10:32. If this wasn't you, "
     "call the number on the back of your card."),
    ("unknown_number", False, 0, 0, 0, 0,
     "我是李明，这是我的新号码。明天篮球赛别忘了带球衣！",
     "It's Li Ming, this is my new number. Don't forget your kit for tomorrow's "
     "basketball match!"),
    ("grandma", False, 0, 0, 0, 0,
     "周末来家里吃饭吗？奶奶给你包包子。",
     "Coming over for lunch at the weekend? Grandma will make you steamed buns."),
    ("official", False, 0, 1, 0, 0,
     "【市图书馆】您借阅的《三体》将于 3 天后到期，可登录 https://lib.example 续借。",
     "[City Library] Your copy of The Three-Body Problem is due back in 3 days. Renew it "
     "at https://lib.example."),
    ("mum", False, 0, 0, 0, 1,
     "帮我在网上交一下这个月的电费，钱我回来给你。",
     "Could you pay this month's electricity bill online for me? I'll give you the money "
     "when I get home."),
    ("school", False, 1, 0, 0, 0,
     "【育才中学】因暴雨红色预警，明天停课，学生在家上网课，具体安排请看班级群。",
     "[Yucai Middle School] Red rainstorm warning: school is closed tomorrow. Lessons will "
     "be online; see the class group for details."),
    ("official", False, 0, 0, 0, 0,
     "【通信公司】您本月已用流量 18GB，剩余 2GB。",
     "[Phone company] You have used 18 GB of data this month. 2 GB left."),
    ("friend", False, 0, 0, 0, 0,
     "今晚数学作业第 5 题你做出来了吗？",
     "Did you get question 5 of tonight's maths homework?"),
    ("school", False, 1, 1, 0, 0,
     "【校篮球队】比赛报名今晚 9 点截止，还没报名的同学请马上登录"
     " https://school.example/sign 报名！",
     "[School basketball team] Sign-up for the tournament closes at 9 pm tonight! If you "
     "haven't signed up yet, do it now at https://school.example/sign"),
    ("official", False, 0, 1, 0, 0,
     "【市人民医院】您已预约明天上午 9:00 口腔科门诊。如需取消，请登录 https://hospital.example/c",
     "[City Hospital] Your dental appointment is tomorrow at 9:00. To cancel, go to "
     "https://hospital.example/c"),
    ("official", False, 1, 0, 0, 0,
     "【共享单车】您的骑行订单还没有结束，请尽快在 App 里锁车，以免继续计费。",
     "[Bike share] Your ride hasn't ended. Please lock the bike in the app as soon as "
     "possible so you aren't charged more."),
    ("official", False, 0, 0, 0, 0,
     "【网购平台】您的退款 39.90 元已原路退回，请注意查收。",
     "[Shopping site] Your refund of 39.90 yuan has been paid back to your original "
     "payment method."),
    ("family_group", False, 0, 0, 0, 0,
     "下周六是爷爷八十大寿，大家早点回来！",
     "Next Saturday is Grandpa's 80th birthday. Everyone come home early!"),
    ("mum", False, 1, 0, 1, 0,
     "我在帮你注册网课平台，你手机刚收到的验证码马上发给我。",
     "I'm signing you up for the online class site. Send me the code you just got on your "
     "phone, quick."),
    ("school", False, 1, 1, 0, 1,
     "【育才中学】校服征订今天截止，请家长登录 https://school.example/pay 在线缴纳 280 元。",
     "[Yucai Middle School] Today is the last day to order school uniforms. Parents, "
     "please pay 280 yuan online at https://school.example/pay"),
    ("unknown_number", False, 0, 0, 0, 1,
     "我是新转来的张华，班长让我帮忙收班费，每人 10 元，明天带现金给我哦。",
     "Hi, I'm Zhang Hua, the new student. The class monitor asked me to collect the class "
     "fund, 10 yuan each. Bring cash for me tomorrow!"),
    ("mum", False, 0, 0, 0, 0,
     "我到车站了，大概半小时到家。",
     "I'm at the station. Home in about half an hour."),
]


@generator("scam_messages", seed=20240415)
def scam_messages(rng: np.random.Generator) -> pd.DataFrame:
    """40 short messages (16 scams, 24 genuine) in a shuffled order, with marked signs.

    Built in on purpose: four scams use tricks the five warning signs do not see (a
    "part-time job", a fake customer-service refund, a video link, a hacked friend), and
    three genuine messages look like scams (a mum, the school and a new classmate asking
    for a code or money).
    """
    rows = []
    for sender, scam, urgent, link, code, money, text_zh, text_en in MESSAGES:
        rows.append({"sender": sender, "text_zh": text_zh, "text_en": text_en,
                     "urgent": urgent, "link": link, "asks_code": code,
                     "asks_money": money,
                     "unknown_sender": int(sender in UNKNOWN_SENDERS),
                     "is_scam": scam})
    df = pd.DataFrame(rows)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "msg", [f"M{i:02d}" for i in range(1, len(df) + 1)])
    return df
