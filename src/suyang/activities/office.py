"""Office work with data: a messy workbook, open public data, and phishing e-mails.

Three vocational lessons share this module:

- **A messy spreadsheet** (vocational-04): the workbook ``office_supplies.xlsx`` looks
  the way office spreadsheets really do (merged title, two-row header, dates typed as
  text, blank rows, a totals row, two sheets). :func:`tidy_orders` does each cleaning
  step on request, so a widget can switch steps on and off and show what each one
  changes, and :func:`totals_match` checks the clean table against the sheet's own
  totals row: the accountant's habit of proving nothing was lost.
- **Open public data** (vocational-05): the district facts a per-resident rate needs, and
  :func:`publishable` which drops personal columns before anything is shared.
- **Phishing at work** (vocational-06): a warning-sign checklist for one e-mail. The
  points are added up with :func:`suyang.activities.classify.score` (the scoring rule
  middle-07 explained); only the signs are different at work.

Everything a learner reads is in both languages (``tr``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import pandas as pd

from ..i18n import tr
from .classify import score

# ------------------------------------------------------------------ the messy workbook

XLSX_NAME = "office_supplies.xlsx"
HEADER_ROW = 3  # 0-based: the 4th row holds the real column names
COLUMN_NAMES: dict[str, str] = {
    "日期 Date": "date", "部门 Department": "department", "物品 Item": "item",
    "数量 Qty": "quantity", "单价 Unit price": "unit_price_yuan", "金额 Amount": "amount_yuan",
}
TOTAL_LABEL = "合计 Total"


def read_workbook(header: int | None = HEADER_ROW, sheet: Any = None) -> Any:
    """Read the shipped workbook with ``pandas.read_excel``.

    ``sheet=None`` reads every sheet into a ``{name: DataFrame}`` dict; ``header`` is the
    row (counting from 0) that holds the column names. The file is opened from inside
    the package, so the lesson works without knowing where the kit is installed.
    """
    with resources.files("suyang.datasets").joinpath(XLSX_NAME).open("rb") as f:
        return pd.read_excel(f, sheet_name=sheet, header=header)


def stack_sheets(sheets: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Put the sheets under one another, remembering which sheet each row came from."""
    return pd.concat([df.assign(sheet=name) for name, df in sheets.items()],
                     ignore_index=True)


def is_totals_row(table: pd.DataFrame) -> pd.Series:
    """True on the rows whose first column says 合计 Total."""
    return table.iloc[:, 0].astype(str).str.strip() == TOTAL_LABEL


def parse_text_dates(text: pd.Series) -> pd.Series:
    """Dates typed as text ('2024年1月3日') turned into real dates.

    An explicit format makes a wrongly typed date an error to look at, instead of a
    silent guess.
    """
    return pd.to_datetime(text, format="%Y年%m月%d日")


def tidy_orders(sheets: Mapping[str, pd.DataFrame], drop_blank: bool = True,
                drop_totals: bool = True, parse_dates: bool = True,
                rename: bool = True) -> pd.DataFrame:
    """The cleaning steps of the lesson, each one switchable, in the order they must run."""
    table = stack_sheets(sheets)
    if drop_blank:
        table = table.dropna(how="all", subset=list(table.columns.drop("sheet")))
    if drop_totals:
        table = table[~is_totals_row(table)]
    if rename:
        table = table.rename(columns=COLUMN_NAMES)
    if parse_dates and drop_blank and drop_totals:
        first = table.columns[0]
        table[first] = parse_text_dates(table[first])
    return table.reset_index(drop=True)


def sheet_totals(sheets: Mapping[str, pd.DataFrame]) -> float:
    """The money the workbook's own totals rows add up to (the figure to match)."""
    table = stack_sheets(sheets)
    return round(float(table.loc[is_totals_row(table), "金额 Amount"].sum()), 2)


def totals_match(clean: pd.DataFrame, sheets: Mapping[str, pd.DataFrame]) -> bool:
    """Does the clean table's money add up to the totals rows the sheets already had?"""
    amount = clean["amount_yuan"] if "amount_yuan" in clean else clean["金额 Amount"]
    return abs(float(pd.to_numeric(amount).sum()) - sheet_totals(sheets)) < 0.005


# ------------------------------------------------------------------ open public data

DISTRICT_RESIDENTS: dict[str, int] = {"old_town": 18000, "riverside": 12000,
                                      "new_park": 26000, "hillside": 9000}
DISTRICT_OVER_65: dict[str, float] = {"old_town": 0.31, "riverside": 0.18,
                                      "new_park": 0.08, "hillside": 0.22}
PERSONAL_COLUMNS = ("reporter", "phone")


def district_facts(labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Residents and share aged 65+ per district (simulated, like the requests).

    ``labels`` maps district codes to the names the learner sees, so the table joins
    with the translated request data.
    """
    labels = labels or {}
    return pd.DataFrame({
        "district": [labels.get(d, d) for d in DISTRICT_RESIDENTS],
        "residents": list(DISTRICT_RESIDENTS.values()),
        "over_65_pct": [round(100 * DISTRICT_OVER_65[d]) for d in DISTRICT_RESIDENTS],
    }).set_index("district")


def publishable(table: pd.DataFrame, drop: Sequence[str] = PERSONAL_COLUMNS) -> pd.DataFrame:
    """A copy fit to publish: personal columns removed, dates cut to the month.

    The day of a report plus a district can point to one neighbour, and a month is all
    a residents' meeting needs, so the date is generalised as well.
    """
    out = table.drop(columns=[c for c in drop if c in table])
    if "date" in out:
        out = out.assign(month=out["date"].str[:7]).drop(columns="date")
    return out


# ------------------------------------------------------------------ phishing at work

WORK_POINTS: dict[str, int] = {"urgent": 1, "link": 1, "asks_login": 2, "asks_money": 2,
                               "lookalike_sender": 2, "keep_secret": 2}
WORK_SIGN_NAMES: dict[str, dict[str, str]] = {
    "urgent": {"zh": "催促或威胁（今天！马上！）", "en": "Rushes or threatens you (today! now!)"},
    "link": {"zh": "有链接或按钮要你点", "en": "A link or button to click"},
    "asks_login": {"zh": "要你登录或输密码", "en": "Asks you to sign in or give a password"},
    "asks_money": {"zh": "要你付款、转账或改收款账户",
                   "en": "Money: pay, transfer, new bank details"},
    "lookalike_sender": {"zh": "发件地址可疑（仿冒、陌生域名）",
                         "en": "Odd sender address (look-alike or unknown domain)"},
    "keep_secret": {"zh": "要你保密、绕过正常流程",
                    "en": "Asks for secrecy, skipping the usual checks"},
}
WORK_THRESHOLD = 3


def work_sign_name(sign: str) -> str:
    """A work warning sign's name in the view's language."""
    return tr(**WORK_SIGN_NAMES[sign])


def work_score(table: Any, points: Mapping[str, int] = WORK_POINTS) -> Any:
    """Warning-sign points of one e-mail (a mapping) or of every row of a table."""
    return score(table, points)


def email_markdown(row: Mapping[str, Any]) -> str:
    """One e-mail laid out like a mail client shows it, in the view's language."""
    subject = tr(zh=row["subject_zh"], en=row["subject_en"])
    body = tr(zh=row["body_zh"], en=row["body_en"])
    return (f"**{tr(zh='发件人', en='From')}:** `{row['sender']}`  \n"
            f"**{tr(zh='主题', en='Subject')}:** {subject}\n\n> {body}")


def verdict(points: int, threshold: int = WORK_THRESHOLD) -> str:
    """What to do with an e-mail of this score."""
    if points >= threshold:
        return tr(zh="⚠️ 高风险：不点、不回、不付款，用已知的方式核实，并报告 IT。",
                  en="⚠️ High risk: don't click, reply or pay; check another way "
                     "and report it to IT.")
    if points > 0:
        return tr(zh="🟡 留心：核实一下再处理。", en="🟡 Take care: check before you act.")
    return tr(zh="✅ 没有发现警示信号。", en="✅ No warning signs found.")


def checklist_result(ticked: Sequence[str], row: Mapping[str, Any]) -> dict[str, Any]:
    """Score the signs a learner ticked and compare them with the person-marked signs."""
    mine = {s: int(s in ticked) for s in WORK_POINTS}
    marked = sorted(s for s in WORK_POINTS if int(row[s]))
    points = int(work_score(mine))
    return {"email": row["msg"], "score": points, "flag": points >= WORK_THRESHOLD,
            "missed": [s for s in marked if s not in ticked],
            "extra": sorted(s for s in ticked if s not in marked)}
