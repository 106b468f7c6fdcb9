"""Simulated data sets for the vocational office lessons (spreadsheets, open data, phishing).

Everything here is SIMULATED (模拟数据): invented with a fixed seed to teach with, never
to be quoted as real figures.

- ``office_supplies``: one small company's stationery orders in the first quarter of a
  year, as a tidy table. :func:`write_office_xlsx` writes the *same* orders the way
  people really keep them in Excel (a merged title, a two-row header, dates typed as
  text, blank rows between months, a totals row, one sheet for Jan–Feb and one for
  March), so learners can tidy the workbook and check they got this table back.
- ``town_service_requests``: a year of residents' reports (broken street lights, full
  bins, damaged bus stops, potholes) in a town's four districts. Built-in patterns:
  street lights peak in the dark winter months, bins in the summer; Riverside's bus
  stops were damaged by roadworks in spring; New Park (young, app users) reports the
  most; Old Town (older residents, phone hotline only) reports the least per resident,
  although its streets are the oldest. The reporter's name code and phone number are
  there on purpose, to be removed before publishing.
- ``work_emails``: twelve work e-mails, each written in Chinese and in English, with
  the warning signs a person marked in each and whether it is phishing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from suyang.datasets.generate import HERE, generator

# ------------------------------------------------------------------ office supplies

ITEMS: dict[str, float] = {  # item code -> unit price (yuan)
    "printer_paper": 25.0, "toner": 380.0, "pens": 12.0, "folders": 8.5,
    "sticky_notes": 6.0, "notebooks": 15.0,
}
DEPARTMENTS = ("admin", "sales", "finance")
ITEM_LABELS = {"printer_paper": "A4打印纸 A4 paper", "toner": "硒鼓 Toner",
               "pens": "签字笔 Pens", "folders": "文件夹 Folders",
               "sticky_notes": "便利贴 Sticky notes", "notebooks": "笔记本 Notebooks"}
DEPT_LABELS = {"admin": "行政部 Admin", "sales": "销售部 Sales", "finance": "财务部 Finance"}
XLSX_HEADER = ["日期 Date", "部门 Department", "物品 Item", "数量 Qty", "单价 Unit price",
               "金额 Amount"]
XLSX_NAME = "office_supplies.xlsx"
XLSX_SHEETS = ("1-2月 Jan-Feb", "3月 Mar")


@generator("office_supplies", seed=20240105)
def office_supplies(rng: np.random.Generator) -> pd.DataFrame:
    """Thirty stationery orders, January to March 2024, by three departments.

    Sales orders the most paper and toner (it prints quotes); toner is rare but dear,
    so two toner orders make up a large share of the money.
    """
    days = pd.bdate_range("2024-01-02", "2024-03-29")
    picks = np.sort(rng.choice(len(days), size=30, replace=False))
    rows = []
    for i in picks:
        dept = rng.choice(DEPARTMENTS, p=[0.3, 0.45, 0.25])
        item = rng.choice(list(ITEMS), p=[0.3, 0.08, 0.2, 0.15, 0.12, 0.15])
        qty = int(rng.integers(1, 3)) if item == "toner" else int(rng.integers(2, 21))
        price = ITEMS[item]
        rows.append({"date": days[i].strftime("%Y-%m-%d"), "department": dept, "item": item,
                     "quantity": qty, "unit_price_yuan": price,
                     "amount_yuan": round(qty * price, 2)})
    return pd.DataFrame(rows)


def write_office_xlsx(folder: Path = HERE) -> Path:
    """Write the orders as a messy, realistic workbook (see the module docstring)."""
    from openpyxl import Workbook

    df = office_supplies()
    wb = Workbook()
    wb.remove(wb.active)
    month = pd.to_datetime(df["date"]).dt.month
    for sheet, part in zip(XLSX_SHEETS, (df[month <= 2], df[month == 3]), strict=True):
        ws = wb.create_sheet(sheet)
        ws.append(["星光贸易公司 办公用品采购记录 Starlight Trading: office supplies "
                   "(模拟数据 simulated)"])
        ws.merge_cells("A1:F1")
        ws.append([])
        ws.append(["订单 Order", None, None, "费用 Cost (元 yuan)", None, None])
        ws.merge_cells("A3:C3")
        ws.merge_cells("D3:F3")
        ws.append(XLSX_HEADER)
        previous = None
        for row in part.itertuples():
            d = pd.Timestamp(row.date)
            if previous is not None and d.month != previous:
                ws.append([])  # a blank row between months, "to make it readable"
            previous = d.month
            ws.append([f"{d.year}年{d.month}月{d.day}日", DEPT_LABELS[row.department],
                       ITEM_LABELS[row.item], row.quantity, row.unit_price_yuan,
                       row.amount_yuan])
        ws.append([])
        ws.append(["合计 Total", None, None, int(part["quantity"].sum()), None,
                   round(float(part["amount_yuan"].sum()), 2)])
    path = folder / XLSX_NAME
    wb.save(path)
    return path


# ------------------------------------------------------------------ town service requests

DISTRICTS: dict[str, dict[str, float]] = {
    # residents, share aged 65+, how likely a problem is reported (simulated)
    "old_town": {"residents": 18000, "over_65": 0.31, "report_rate": 0.35},
    "riverside": {"residents": 12000, "over_65": 0.18, "report_rate": 0.7},
    "new_park": {"residents": 26000, "over_65": 0.08, "report_rate": 0.9},
    "hillside": {"residents": 9000, "over_65": 0.22, "report_rate": 0.6},
}
CATEGORIES = ("street_light", "bins", "bus_stop", "pothole")


@generator("town_service_requests", seed=20230101)
def town_service_requests(rng: np.random.Generator) -> pd.DataFrame:
    """One row per resident report in 2023, with the reporter's contact details."""
    age = {"old_town": 2.2, "riverside": 1.0, "new_park": 0.6, "hillside": 1.2}  # old streets
    rows = []
    for month in range(1, 13):
        for district, facts in DISTRICTS.items():
            for cat in CATEGORIES:
                base = {"street_light": 3.0, "bins": 3.0, "bus_stop": 1.0,
                        "pothole": 1.6}[cat] * facts["residents"] / 12000
                if cat == "street_light" and month in (11, 12, 1, 2):
                    base *= 2.4  # long dark evenings: broken lights get noticed
                if cat == "bins" and month in (7, 8):
                    base *= 2.2  # summer heat and holidays
                if cat == "bus_stop" and district == "riverside" and month in (3, 4, 5):
                    base *= 6.0  # roadworks on River Road
                if cat in ("street_light", "pothole"):
                    base *= age[district]
                n = int(rng.poisson(base * facts["report_rate"]))
                for _ in range(n):
                    day = int(rng.integers(1, 29))
                    if facts["over_65"] > 0.25:
                        channel = rng.choice(["hotline", "app"], p=[0.85, 0.15])
                    else:
                        channel = rng.choice(["hotline", "app"], p=[0.25, 0.75])
                    rows.append({"date": f"2023-{month:02d}-{day:02d}", "district": district,
                                 "category": cat, "channel": channel})
    df = pd.DataFrame(rows).sort_values(["date", "district", "category"], kind="stable")
    df = df.reset_index(drop=True)
    n = len(df)
    df.insert(0, "request", [f"REQ-{i:04d}" for i in range(1, n + 1)])
    df["reporter"] = [f"P{int(x):04d}" for x in rng.integers(1, 3000, n)]
    df["phone"] = [f"139-0000-{int(x):04d}" for x in rng.integers(0, 10000, n)]
    return df


# ------------------------------------------------------------------ work e-mails

SIGNS = ("urgent", "link", "asks_login", "asks_money", "lookalike_sender", "keep_secret")

# msg, from, subject zh/en, body zh/en, signs, phishing. Every address ends in .example.
EMAILS = [
    ("E01", "accounts@paperco-supplies.example",
     "发票逾期：请今天付款", "Overdue invoice — pay today",
     "您好，附件发票已逾期 30 天。我们的收款账户已更换，请今天下班前转账到新账户，否则将停止供货。",
     "Hello, the attached invoice is 30 days overdue. Our bank details have changed: please "
     "pay to the new account before close of business today, or deliveries will stop.",
     {"urgent", "asks_money", "lookalike_sender"}, True),
    ("E02", "ceo.liwei@starIight-trading.example",
     "急事，别声张", "Urgent and confidential",
     "我在开会不方便接电话。请马上给这家供应商转 48,000 元，这事先别告诉财务经理，回头我解释。",
     "I'm in a meeting and can't talk. Transfer 48,000 yuan to this supplier straight away. "
     "Don't mention it to the finance manager yet; I'll explain later.",
     {"urgent", "asks_money", "lookalike_sender", "keep_secret"}, True),
    ("E03", "share@docs-cloud-login.example",
     "王经理与您共享了“三月工资表.xlsx”", "Manager Wang shared “March payroll.xlsx” with you",
     "点击下方按钮，用公司邮箱和密码登录后查看文档。链接 24 小时后失效。",
     "Click the button below and sign in with your work e-mail and password to view the "
     "document. The link expires in 24 hours.",
     {"urgent", "link", "asks_login", "lookalike_sender"}, True),
    ("E04", "it-helpdesk@starlight-trading.example",
     "本周六 22:00 邮件系统维护", "E-mail maintenance this Saturday, 22:00",
     "本周六晚上 10 点到 12 点邮件系统维护，期间无法收发邮件。不需要您做任何操作。",
     "The e-mail system will be down for maintenance on Saturday from 10 pm to midnight. "
     "You don't need to do anything.",
     set(), False),
    ("E05", "hr@starlight-trading.example",
     "年假申请已批准", "Your leave request is approved",
     "您 4 月 8 日至 10 日的年假申请已批准。如需修改，请在 OA 系统里操作。",
     "Your annual leave for 8–10 April is approved. To change it, use the HR system as usual.",
     set(), False),
    ("E06", "security@starlight-trading-it.example",
     "您的邮箱将被停用", "Your mailbox will be deactivated",
     "检测到异常登录。请在 2 小时内点击链接验证账户，否则邮箱将被永久停用。",
     "We detected an unusual sign-in. Verify your account within 2 hours using the link, or "
     "your mailbox will be permanently deactivated.",
     {"urgent", "link", "asks_login", "lookalike_sender"}, True),
    ("E07", "orders@paperco.example",
     "三月订单发货通知", "Your March order has shipped",
     "您 3 月 12 日的订单（A4 打印纸 20 箱）已发货，预计周四送达。物流单号见下方链接。",
     "Your order of 12 March (20 boxes of A4 paper) has shipped and should arrive on "
     "Thursday. The tracking link is below.",
     {"link"}, False),
    ("E08", "finance@starlight-trading.example",
     "请在周五前提交报销单", "Please submit expense claims by Friday",
     "月底结账，请大家在本周五前通过报销系统提交三月的报销单。",
     "We're closing the month: please submit your March expense claims in the expenses "
     "system by this Friday.",
     {"urgent"}, False),
    ("E09", "delivery@express-parcel-notice.example",
     "包裹派送失败，请补缴运费", "Parcel not delivered — pay the fee",
     "您的包裹因地址不全派送失败。请点击链接补缴 3.5 元运费并重新预约派送。",
     "Your parcel could not be delivered: the address was incomplete. Click the link to pay "
     "a 3.50 yuan fee and book a new delivery.",
     {"link", "asks_money", "lookalike_sender"}, True),
    ("E10", "zhang.min@starlight-trading.example",
     "周三会议材料", "Slides for Wednesday's meeting",
     "附件是周三客户会议的材料，请提前看一下，有问题会上讨论。",
     "Attached are the slides for Wednesday's client meeting. Please look through them "
     "beforehand; we can discuss questions at the meeting.",
     set(), False),
    ("E11", "it-support@starlight-trading.example",
     "新的 VPN 使用说明", "New VPN instructions",
     "下周起启用新的 VPN。说明文档在公司内网“IT 服务”页面，不要在邮件里回复密码。",
     "A new VPN starts next week. The instructions are on the intranet's “IT services” "
     "page. Never reply to an e-mail with your password.",
     set(), False),
    ("E12", "paperco.accounts@mail-box.example",
     "更新银行信息", "Updated bank details",
     "为配合审计，我公司收款账户变更，请把今后所有付款转到以下新账户，并回复确认。",
     "Because of an audit, our company's bank account has changed. Please send all future "
     "payments to the new account below and reply to confirm.",
     {"asks_money", "lookalike_sender"}, True),
]


@generator("work_emails", seed=20240401)
def work_emails(rng: np.random.Generator) -> pd.DataFrame:
    """Twelve work e-mails (no randomness: every e-mail was written by hand)."""
    del rng
    rows = []
    for msg, sender, subj_zh, subj_en, body_zh, body_en, signs, phish in EMAILS:
        row = {"msg": msg, "sender": sender, "subject_zh": subj_zh, "subject_en": subj_en,
               "body_zh": body_zh, "body_en": body_en}
        row.update({s: int(s in signs) for s in SIGNS})
        row["is_phishing"] = phish
        rows.append(row)
    return pd.DataFrame(rows)


if __name__ == "__main__":
    print(write_office_xlsx())
