"""Everyday safety for seniors: scam stories to step through, and paying with a phone.

Seniors' lessons are led by a community volunteer and involve **no typing**: every
activity here is a story on a pretend phone screen with a few big buttons. Two ideas
carry the lessons:

* **Every scam climbs the same staircase.** It finds you (a call, a message, an advert),
  stirs up a strong feeling (fear, worry, greed), rushes you and tells you to keep it
  secret, and at the top asks for a click, a code or a transfer. You can step off at
  any step: hang up and call family or the anti-fraud line 96110. A
  :class:`StoryPlayer` plays one story: a safe button ends the story well, a risky one
  climbs the next step, so learners *feel* the pressure rising without losing money.
  :func:`staircase_figure` draws the staircase and :class:`RecordChart` the steps each
  learner climbed in each story.
* **Paying with a phone is safe when you check before you confirm.** The same player
  walks through paying at a market stall (look at the payee's name, check the amount,
  cover the password, see "payment successful"); a wrong button shows what would happen
  and lets the learner choose again. :class:`StallSpotter` shows a stall with two QR
  codes, one a sticker pasted on top, and what each shows when scanned: the name on the
  screen, not the look of the sticker, gives the fake away.

The stories are made up (names, numbers and links are invented; the links use the
reserved ``.example`` domain) and the QR codes are random patterns that cannot be
scanned. Real numbers named in the lessons: 110 (police) and 96110 (the national
anti-fraud warning line). Every text a learner reads comes in both languages.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import pick, tr

Bilingual = dict[str, str]

SAFE_COLOUR = "#009E73"   # Okabe-Ito green
RISK_COLOUR = "#D55E00"   # Okabe-Ito vermilion: 4.0:1 on white, kept in large print
PALETTE_BLUE = "#0072B2"  # Okabe-Ito blue: rings the things to check on a screen
BIG_BUTTON = {"width": "95%", "height": "auto", "min_height": "3.2em", "margin": "6px 0"}


def _big(text: str, size: str = "1.35em") -> str:
    return f'<div style="font-size:{size};line-height:1.55">{text}</div>'


# ====================================================================== stories
@dataclass(frozen=True)
class Choice:
    """One big button at one moment of a story.

    ``goes`` says what happens after the button is pressed: ``"next"`` climbs to the next
    moment, ``"end"`` ends the story, ``"retry"`` shows what would happen and lets the
    learner choose again (used in the payment walk-through, where a slip is a lesson, not
    a loss). ``safe`` marks a good choice; an unsafe one counts as a step climbed.
    """

    key: str
    label: Bilingual
    outcome: Bilingual
    safe: bool
    goes: str = "end"


@dataclass(frozen=True)
class Moment:
    """One moment of a story: who is on the phone screen, what they say, the buttons."""

    sender: Bilingual
    screen: Bilingual
    choices: tuple[Choice, ...]

    def choice(self, key: str) -> Choice:
        for c in self.choices:
            if c.key == key:
                return c
        raise KeyError(f"no choice {key!r}; choose one of {[c.key for c in self.choices]}")


@dataclass(frozen=True)
class Story:
    """A short story in moments, with a title and the lesson it ends on."""

    key: str
    title: Bilingual
    icon: str
    moments: tuple[Moment, ...]
    lesson: Bilingual   # the one sentence to remember, shown when the story ends


def _c(key: str, zh: str, en: str, out_zh: str, out_en: str, safe: bool,
       goes: str = "end") -> Choice:
    return Choice(key, {"zh": zh, "en": en}, {"zh": out_zh, "en": out_en}, safe, goes)


SCAM_STORIES: dict[str, Story] = {s.key: s for s in [
    Story("police", {"zh": "“警察”来电", "en": "A call from “the police”"}, "📞", (
        Moment({"zh": "来电：陌生号码", "en": "Incoming call: unknown number"},
               {"zh": "“您好，我是市公安局的王警官。您的身份证被人拿去开了银行卡，"
                      "涉嫌洗钱，我们正在调查。”",
                "en": "“Hello, this is Officer Wang from the city police. Someone used "
                      "your ID card to open a bank account for money laundering. "
                      "We are investigating.”"},
               (_c("hang_up", "挂断，自己打 110 问一问", "Hang up and call 110 myself",
                   "做得好！真警察不会打电话来“办案”。自己拨 110，一问就清楚。",
                   "Well done! Real police don't handle a case over the phone. "
                   "Call 110 yourself and you'll soon know the truth.", True),
                _c("listen", "吓了一跳，继续听他说", "I'm shocked, so I keep listening",
                   "他报出了您的姓名和身份证号，听起来很像真的。"
                   "别慌：这些信息骗子可能是从网上买来的。",
                   "He reads out your name and ID number, so it sounds real. "
                   "Stay calm: scammers can buy these details online.", False, "next"))),
        Moment({"zh": "还是那个“王警官”", "en": "“Officer Wang” again"},
               {"zh": "“这是保密案件，不能告诉家人，否则您也要负责任。"
                      "现在加我视频，给您看通缉令。”",
                "en": "“This case is secret. Don't tell your family, or you'll be in "
                      "trouble too. Add me on video and I'll show you the arrest warrant.”"},
               (_c("call_family", "不保密：挂断，给儿女打电话",
                   "No secrets: hang up and call my children",
                   "对！“不许告诉家人”，正说明他怕被拆穿。一个电话，家人就能帮您看清。",
                   "Right! “Don't tell your family” shows he is afraid of being found "
                   "out. One call and your family can help you see it clearly.", True),
                _c("video", "加他视频，看看“通缉令”", "Add him on video to see the “warrant”",
                   "视频里的人穿着警服，“通缉令”上还有您的照片。警服、公章、文件，"
                   "都能伪造。",
                   "The man on video wears a uniform, and the “warrant” has your photo "
                   "on it. Uniforms, stamps and papers can all be faked.", False, "next"))),
        Moment({"zh": "“王警官”在视频里", "en": "“Officer Wang” on video"},
               {"zh": "“为了证明您清白，要把存款转到国家的‘安全账户’核查，查完就退。"
                      "先把手机上刚收到的验证码念给我。”",
                "en": "“To prove you're innocent, your savings must go into a state "
                      "‘safe account’ to be checked, then they come back. First, read me "
                      "the code that just arrived on your phone.”"},
               (_c("refuse", "不说验证码，挂断，打 96110",
                   "Don't read the code; hang up; call 96110",
                   "太好了！没有任何警察会要验证码，也根本没有“安全账户”。",
                   "Excellent! No police officer ever asks for a code, and there is no "
                   "such thing as a “safe account”.", True),
                _c("read_code", "把验证码念给他", "Read him the code",
                   "有了这个验证码，他就能登进您的手机银行。",
                   "With that code he can get into your mobile banking.", False, "next"))),
        Moment({"zh": "“王警官”还在催", "en": "“Officer Wang” keeps pushing"},
               {"zh": "“快去银行，把钱转到这个账户。柜员问起来，就说是借给亲戚的。”",
                "en": "“Go to the bank now and transfer the money to this account. If "
                      "the teller asks, say it's a loan to a relative.”"},
               (_c("tell_teller", "在银行把实情告诉柜员", "At the bank, tell the teller the truth",
                   "停得及时！柜员见过很多这样的事，会帮您报警、把钱保住。",
                   "You stopped in time! Bank staff have seen this many times. They will "
                   "call the police with you and keep your money safe.", True),
                _c("transfer", "照他说的转账", "Transfer the money as he says",
                   "钱转走了，对方马上关机。这时要立刻打 110 报警，越快越有希望追回。",
                   "The money is gone and his phone goes dead. Call 110 at once: the "
                   "sooner you report, the better the chance to get it back.", False))),
    ), {"zh": "真警察不会电话办案，不要验证码，也没有“安全账户”。",
        "en": "Real police don't run cases by phone, never ask for codes, and have no "
              "“safe account”."}),
    Story("grandson", {"zh": "“孙子出事了”", "en": "“Your grandson is in trouble”"}, "💬", (
        Moment({"zh": "新的好友申请：“小明”", "en": "New contact request: “Ming”"},
               {"zh": "“奶奶，我是小明！手机摔坏了，这是我的新号，快加我。”"
                      "头像是小明的照片。",
                "en": "“Grandma, it's Ming! I broke my phone, this is my new number, add "
                      "me.” The profile picture is Ming's photo."},
               (_c("call_old", "先打小明原来的电话问问", "First call Ming on his old number",
                   "好办法！用您手里原来的号码一问，真假立刻分明。",
                   "Good thinking! A call to the number you already have settles it "
                   "straight away.", True),
                _c("accept", "通过好友，和他聊聊", "Accept and start chatting",
                   "头像确实是小明——可照片在网上很容易拿到。",
                   "The picture really is Ming — but photos are easy to copy from the "
                   "internet.", False, "next"))),
        Moment({"zh": "“小明”", "en": "“Ming”"},
               {"zh": "“奶奶，我跟人起了冲突，把人打伤了，要赔两万，不然要被拘留。"
                      "千万别告诉我爸妈，他们会骂死我！”",
                "en": "“Grandma, I got into a fight and hurt someone. I have to pay "
                      "20,000 yuan or I'll be locked up. Please don't tell Mum and Dad, "
                      "they'll kill me!”"},
               (_c("call_parents", "给小明的爸妈打电话", "Call Ming's parents",
                   "对！“别告诉爸妈”就是要把您和家人隔开。家人一起商量，骗子就没招了。",
                   "Right! “Don't tell Mum and Dad” is there to keep you away from your "
                   "family. Talk it over together and the trick stops working.", True),
                _c("worry", "心疼孩子，问他该怎么办", "I'm worried, so I ask what to do",
                   "您一着急，他就更好“带着您走”了。这正是骗子想要的。",
                   "The more worried you are, the easier you are to lead. That is just "
                   "what the scammer wants.", False, "next"))),
        Moment({"zh": "“小明”", "en": "“Ming”"},
               {"zh": "“我在派出所，不方便说话。您直接把钱转给处理这事的王律师，"
                      "账号我发您。快点，今天就要！”",
                "en": "“I'm at the police station and can't talk. Send the money straight "
                      "to Mr Wang, the lawyer dealing with it. I'll send his account. "
                      "Hurry, it has to be today!”"},
               (_c("call_96110", "先不转，打 96110 问一问", "Don't send; call 96110 first",
                   "做得对！说“不方便通话”、又催着转给陌生人，这是典型的骗局。",
                   "Well done! “Can't talk”, plus hurry, plus paying a stranger: that is "
                   "a classic scam.", True),
                _c("send", "转给“王律师”两万元", "Send 20,000 yuan to “Mr Wang”",
                   "钱转走了，“小明”也把您删了。打个电话给真小明，他好好地在上学。"
                   "马上打 110 报警。",
                   "The money is gone and “Ming” has blocked you. You phone the real "
                   "Ming: he's fine, at school. Call 110 right away.", False))),
    ), {"zh": "家人“出事”要钱：先挂断，用原来的号码打给家人核实。",
        "en": "A relative “in trouble” needs money? Hang up and call your family on a "
              "number you already have."}),
    Story("prize", {"zh": "“中大奖”领礼品", "en": "“You've won a prize!”"}, "🎁", (
        Moment({"zh": "短信：会员回馈", "en": "Text message: Member Rewards"},
               {"zh": "“恭喜您获得价值 3980 元的按摩椅一台！只需付 39 元运费，"
                      "点击 http://gift.example 领取，今天截止。”",
                "en": "“Congratulations! You've won a massage chair worth 3,980 yuan! "
                      "Just pay 39 yuan postage. Tap http://gift.example to claim it — "
                      "today only.”"},
               (_c("delete", "不点链接，删掉短信", "Don't tap the link; delete the text",
                   "好！没参加抽奖，哪来的大奖？天上不会掉馅饼。",
                   "Good! You never entered a draw, so how could you win? Nobody hands "
                   "out free chairs.", True),
                _c("tap", "点开链接看看", "Tap the link to have a look",
                   "网页很漂亮：按摩椅的照片，还写着“已有 2318 人领取”。"
                   "这些数字都是随便写的。",
                   "The page looks smart: photos of the chair and “2,318 people have "
                   "claimed theirs”. Numbers like that are simply made up.",
                   False, "next"))),
        Moment({"zh": "领奖网页", "en": "The prize web page"},
               {"zh": "“请填写姓名、身份证号和银行卡号，用于邮寄和支付运费。”",
                "en": "“Enter your name, ID number and bank card number, for delivery "
                      "and to pay the postage.”"},
               (_c("close", "关掉网页，什么都不填", "Close the page and fill in nothing",
                   "关得好！寄礼品根本用不着银行卡号。",
                   "Well closed! Nobody needs your bank card number to post a gift.",
                   True),
                _c("fill", "填上吧，39 元不多", "Fill it in — 39 yuan isn't much",
                   "您的身份证号和卡号，现在都在骗子手里了。",
                   "Your ID number and card number are now in the scammer's hands.",
                   False, "next"))),
        Moment({"zh": "网页 + 一条新短信", "en": "The web page, and a new text"},
               {"zh": "网页：“请输入手机收到的 6 位验证码，完成支付。”\n\n"
                      "短信：“验证码 482913，您正在向他人转账 3980.00 元，切勿告诉任何人。”",
                "en": "Web page: “Enter the 6-digit code sent to your phone to pay.”\n\n"
                      "Text: “Code 482913. You are transferring 3,980.00 yuan to another "
                      "person. Never tell anyone this code.”"},
               (_c("read_sms", "把短信读完，发现不对，停下",
                   "Read the whole text, see it's wrong, stop",
                   "看得仔细！短信里写的是转账 3980 元，不是 39 元。验证码是最后一道门。",
                   "Sharp eyes! The text says 3,980 yuan, not 39. The code is your last "
                   "locked door.", True),
                _c("enter_code", "输入验证码", "Enter the code",
                   "3980 元被转走了。快打 110 报警，再打银行电话冻结银行卡。",
                   "3,980 yuan is gone. Call 110 now, then call your bank to block the "
                   "card.", False))),
    ), {"zh": "天上不会掉馅饼：不点陌生链接，验证码谁也不告诉。",
        "en": "No free lunch: don't tap strange links, and never give anyone a code."}),
]}

# The walk-through of paying at a market stall: good buttons move on, slips are shown
# and the learner chooses again.
PAYMENT_WALK = Story(
    "market", {"zh": "菜市场扫码付款", "en": "Paying at the market by QR code"}, "🥬", (
        Moment({"zh": "张记蔬菜摊 · 扫码之后", "en": "Zhang's vegetable stall · after scanning"},
               {"zh": "您买了两斤豆角，12.5 元。摊位牌子上写着“张记蔬菜”。"
                      "扫了摊位上的码，手机显示：付款给 “张记蔬菜（*华）”。",
                "en": "You buy a kilo of green beans: 12.50 yuan. The stall's sign says "
                      "“Zhang's Vegetables”. You scan the stall's code and the phone "
                      "says: Pay “Zhang's Vegetables (*Hua)”."},
               (_c("name_ok", "名字和摊位对得上，继续", "The name matches the stall: carry on",
                   "好习惯！先看收款人的名字，再往下走。",
                   "Good habit! Check who you're paying before anything else.",
                   True, "next"),
                _c("skip_name", "不看名字，直接输金额", "Skip the name and type the amount",
                   "这次名字碰巧是对的。可万一码被换过，钱就付给了别人。"
                   "请回去看一眼名字。",
                   "This time the name happens to be right. But if the code had been "
                   "swapped, the money would go to someone else. Go back and look at "
                   "the name.", False, "retry"))),
        Moment({"zh": "输入金额", "en": "Enter the amount"},
               {"zh": "豆角 12.5 元。请选要付的金额：",
                "en": "The beans are 12.50 yuan. Choose the amount to pay:"},
               (_c("amount_1.25", "¥ 1.25", "¥ 1.25",
                   "少付了，小数点挪了一位。摊主会叫住您，补钱又麻烦。再看看。",
                   "Too little: the decimal point moved. The stall owner will have to "
                   "call you back. Look again.", False, "retry"),
                _c("amount_12.50", "¥ 12.50", "¥ 12.50",
                   "金额对了：12.50 元。", "That's right: 12.50 yuan.", True, "next"),
                _c("amount_125.00", "¥ 125.00", "¥ 125.00",
                   "多了一个零！一按确认就是 125 元。付款前一定要把金额读一遍。",
                   "One zero too many! Confirm now and you pay 125 yuan. Always read "
                   "the amount before you confirm.", False, "retry"))),
        Moment({"zh": "确认付款：¥12.50 给 张记蔬菜（*华）",
                "en": "Confirm: ¥12.50 to Zhang's Vegetables (*Hua)"},
               {"zh": "请输入 6 位支付密码。旁边一位热心的小伙子说：“阿姨，我帮您按吧。”",
                "en": "Enter your 6-digit payment password. A helpful young man next to "
                      "you says: “Let me press it for you.”"},
               (_c("cover", "谢谢他，用手挡住，自己输",
                   "Thank him, cover the screen, type it myself",
                   "对！支付密码只有您自己知道，别人帮忙也不行。",
                   "Right! Your payment password is for you alone, even when someone "
                   "offers to help.", True, "next"),
                _c("let_him", "把手机递给他帮忙按", "Hand him the phone to press it",
                   "他看到了您的密码，手机也在他手里。要是他不怀好意，"
                   "您的钱就危险了。请收回手机，自己输。",
                   "He has seen your password and he's holding your phone. If he means "
                   "harm, your money is at risk. Take the phone back and type it "
                   "yourself.", False, "retry"),
                _c("say_aloud", "把密码念出来，请摊主帮忙",
                   "Read the password out for the stall owner",
                   "周围的人都听见了您的密码。密码只在心里，不出声。请自己输。",
                   "Everyone nearby just heard your password. Keep it in your head, not "
                   "out loud. Type it yourself.", False, "retry"))),
        Moment({"zh": "支付成功", "en": "Payment successful"},
               {"zh": "屏幕显示：“支付成功 ¥12.50，张记蔬菜（*华）”。"
                      "摊位的小喇叭报：“收款 12.5 元。”",
                "en": "The screen says: “Payment successful ¥12.50, Zhang's Vegetables "
                      "(*Hua)”. The stall's speaker announces: “Received 12.50 yuan.”"},
               (_c("show_owner", "给摊主看一眼“支付成功”，听到播报再走",
                   "Show the owner the screen and wait for the announcement",
                   "完美！钱数、名字、播报都对上了，双方都放心。",
                   "Perfect! The amount, the name and the announcement all match: "
                   "everyone can relax.", True),
                _c("walk_off", "马上拎着菜走", "Pick up the beans and leave at once",
                   "没等播报就走，万一没付成功，摊主还得追您。请等一下，一起确认。",
                   "If the payment didn't go through, the owner would have to run after "
                   "you. Wait a moment and check together.", False, "retry"))),
    ), {"zh": "付款三看：看名字、看金额、看“支付成功”；密码只有自己知道。",
        "en": "Three checks: the name, the amount, and “payment successful”. The password "
              "is yours alone."})


class StoryPlayer:
    """Play one story on a pretend phone, with a big button for each choice.

    ``.buttons`` maps the current moment's choice keys to their buttons (tests and the
    volunteer's demo call ``.choose(key)``, which clicks one), ``.restart`` starts again,
    and ``.result`` holds ``{"story", "path", "climbed", "slips", "ended"}``: the keys
    pressed, how many risky steps were climbed, how many slips were retried, and
    ``None`` / ``"safe"`` / ``"harmed"``.
    """

    def __init__(self, story: Story) -> None:
        import ipywidgets as widgets

        self.story = story
        self.title = widgets.HTML(_big(f"<b>{story.icon} {html.escape(pick(story.title))}</b>",
                                       "1.5em"))
        self.phone = widgets.HTML()
        self.choices_box = widgets.VBox(layout={"width": "100%"})
        self.feedback = widgets.HTML()
        self.restart = widgets.Button(description=tr(zh="从头再来", en="Start again"),
                                      icon="refresh", layout=BIG_BUTTON)
        self.restart.on_click(lambda _: self.reset())
        self.buttons: dict[str, Any] = {}
        self.widget = widgets.VBox([self.title, self.phone, self.choices_box, self.feedback,
                                    self.restart], layout={"max_width": "46em"})
        self.reset()

    # ------------------------------------------------------------- state
    def reset(self) -> None:
        self.step = 0
        self.path: list[str] = []
        self.climbed = 0
        self.slips = 0
        self.ended: str | None = None
        self.feedback.value = ""
        self._show_moment()

    @property
    def result(self) -> dict[str, Any]:
        return {"story": self.story.key, "path": list(self.path), "climbed": self.climbed,
                "slips": self.slips, "ended": self.ended}

    def choose(self, key: str) -> dict[str, Any]:
        """Press the button ``key`` of the current moment; return the result."""
        if key not in self.buttons:
            raise KeyError(f"{key!r} is not a button now; the buttons are {list(self.buttons)}")
        self.buttons[key].click()
        return self.result

    # ------------------------------------------------------------- drawing
    def _show_moment(self) -> None:
        import ipywidgets as widgets

        moment = self.story.moments[self.step]
        n = len(self.story.moments)
        self.phone.value = phone_html(moment.sender, moment.screen,
                                      tr(zh=f"第 {self.step + 1} 步，共 {n} 步",
                                         en=f"Step {self.step + 1} of {n}"))
        self.buttons = {}
        for c in moment.choices:
            button = widgets.Button(description=pick(c.label), layout=BIG_BUTTON,
                                    style={"font_weight": "bold"})
            button.on_click(lambda _, c=c: self._press(c))
            self.buttons[c.key] = button
        self.choices_box.children = tuple(self.buttons.values())

    def _press(self, c: Choice) -> None:
        if self.ended:
            return
        self.path.append(c.key)
        colour = SAFE_COLOUR if c.safe else RISK_COLOUR
        icon = "✅" if c.safe else "⚠️"
        text = f"{icon} {html.escape(pick(c.outcome))}"
        if not c.safe and c.goes != "retry":
            self.climbed += 1
        if not c.safe and c.goes == "retry":
            self.slips += 1
            text += "<br>" + tr(zh="👉 请再选一次。", en="👉 Please choose again.")
        if c.goes == "end" or (c.goes == "next" and self.step + 1 == len(self.story.moments)):
            self.ended = "safe" if c.safe else "harmed"
            for b in self.buttons.values():
                b.disabled = True
            text += "<br><br><b>" + html.escape(pick(self.story.lesson)) + "</b>"
        elif c.goes == "next":
            self.step += 1
            self._show_moment()
        self.feedback.value = _big(
            f'<div style="border-left:8px solid {colour};padding:0.4em 0.8em">{text}</div>')

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def phone_html(sender: Bilingual | str, screen: Bilingual | str, step: str = "") -> str:
    """A pretend phone screen in HTML: large dark text on white, a thick frame."""
    body = html.escape(pick(screen)).replace("\n", "<br>")
    return (
        '<div style="border:6px solid #222;border-radius:22px;padding:0.8em 1em;'
        'max-width:30em;background:#fff;color:#000;font-size:1.35em;line-height:1.55">'
        f'<div style="font-size:0.8em;color:#333">{html.escape(step)}</div>'
        f'<div style="font-weight:bold;border-bottom:2px solid #ccc;padding-bottom:0.3em">'
        f'📱 {html.escape(pick(sender))}</div>'
        f'<div style="padding-top:0.4em">{body}</div></div>')


# ====================================================================== staircase
STAIRS: list[Bilingual] = [
    {"zh": "① 找上门\n电话\n短信、广告", "en": "1 They\nfind you\ncall, text"},
    {"zh": "② 吓您或哄您\n“出事了”\n“中奖了”", "en": "2 Fear\nor greed\n“trouble!”"},
    {"zh": "③ 催您、\n要您保密\n别告诉家人", "en": "3 Rush and\nsecrecy\n“tell no one”"},
    {"zh": "④ 要点链接\n要验证码\n要转账", "en": "4 A click,\na code,\na transfer"},
]


def staircase_figure() -> Any:
    """The scam staircase: four steps up, with a green 'hang up' arrow down from each."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    fig, ax = plt.subplots(figsize=(11, 6.6))
    for i, stair in enumerate(STAIRS):
        top = i == len(STAIRS) - 1
        x = i * 2.5
        ax.add_patch(Rectangle((x, 0), 2.5, i + 1.6, facecolor=RISK_COLOUR if top else
                               "#e8eef6", edgecolor="#000000", linewidth=2))
        ax.text(x + 1.25, i + 1.5, pick(stair), ha="center", va="top", fontsize=15,
                linespacing=1.3, color="#ffffff" if top else "#000000")
        ax.add_patch(FancyArrowPatch((x + 1.25, i + 2.5), (x + 1.25, i + 1.75),
                                     arrowstyle="-|>", mutation_scale=28,
                                     color=SAFE_COLOUR, linewidth=3))
        ax.text(x + 1.45, i + 2.2, tr(zh="挂断", en="hang up"), ha="left", va="center",
                fontsize=14, color=SAFE_COLOUR)
    ax.text(0.1, 5.6, tr(zh="任何一级都能下来：挂断，打给家人或 96110",
                         en="Step off at any step: hang up, call family or 96110"),
            fontsize=17, color=SAFE_COLOUR)
    ax.set_xlim(0, 10.1)
    ax.set_ylim(0, 6.0)
    ax.axis("off")
    ax.set_title(tr(zh="骗局的四级台阶", en="The four steps of every scam"))
    return fig


STAIRCASE_ALT = {
    "zh": "台阶图：骗局分四级台阶往上走——找上门、吓您或哄您、催您保密、"
          "要链接验证码和转账（最高一级标成橙色）；每一级上方都有绿色箭头，写着“挂断”。",
    "en": "Staircase: a scam climbs four steps — it finds you, stirs fear or greed, "
          "rushes you and asks for secrecy, then asks for a click, a code or a transfer "
          "(the top step in orange); above every step a green arrow says “hang up”.",
}


class RecordChart:
    """A button that draws how many risky steps were climbed in each story played.

    ``.result`` maps story keys to steps climbed (a story not finished counts what it
    has climbed so far); zero steps is the best score.
    """

    def __init__(self, players: Sequence[StoryPlayer]) -> None:
        import ipywidgets as widgets

        self.players = list(players)
        self.button = widgets.Button(description=tr(zh="看看我的成绩", en="Show my record"),
                                     icon="bar-chart", button_style="info", layout=BIG_BUTTON)
        self.out = widgets.Output()
        self.result: dict[str, int] = {}
        self.button.on_click(lambda _: self.draw())
        self.widget = widgets.VBox([self.button, self.out])

    def draw(self) -> None:
        import matplotlib.pyplot as plt

        from ..plotting import show

        self.result = {p.story.key: p.climbed for p in self.players}
        names = [pick(p.story.title) for p in self.players]
        values = [p.climbed for p in self.players]
        tops = [len(p.story.moments) for p in self.players]
        fig, ax = plt.subplots(figsize=(9, 4.5))
        ax.barh(names, tops, color="#eeeeee", edgecolor="#000000")
        ax.barh(names, values, color=[SAFE_COLOUR if v == 0 else RISK_COLOUR for v in values])
        ax.invert_yaxis()
        ax.set_xlabel(tr(zh="往上走了几级台阶（0 最好）", en="Steps climbed (0 is best)"))
        ax.set_xticks(range(max(tops) + 1))
        ax.set_title(tr(zh="我在每个故事里走了几步", en="How far each story got me"))
        parts = tr(zh="；", en="; ").join(f"{n} {v}" for n, v in zip(names, values, strict=True))
        self.out.clear_output(wait=True)
        with self.out:
            show(fig, alt=tr(zh=f"横条图：每个故事里往上走了几级台阶（0 最好）：{parts}。",
                             en=f"Bar chart of steps climbed in each story (0 is best): "
                                f"{parts}."))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ====================================================================== paying
def payment_screen_figure(payee: Bilingual | str, amount: float, note: str = "") -> Any:
    """A pretend phone's 'confirm payment' screen, with the two things to check ringed."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    fig, ax = plt.subplots(figsize=(6.5, 8.5))
    ax.add_patch(FancyBboxPatch((0.5, 0.3), 5, 7.4, boxstyle="round,pad=0.1,rounding_size=0.4",
                                facecolor="#ffffff", edgecolor="#000000", linewidth=4))
    ax.text(3, 7.1, tr(zh="确认付款", en="Confirm payment"), ha="center", fontsize=22)
    ax.text(3, 6.3, tr(zh="付款给", en="Pay to"), ha="center", fontsize=16, color="#333333")
    ax.text(3, 5.55, pick(payee), ha="center", fontsize=18)
    ax.add_patch(FancyBboxPatch((0.9, 5.25), 4.2, 0.85, boxstyle="round,pad=0.05",
                                fill=False, edgecolor=PALETTE_BLUE, linewidth=3, linestyle="--"))
    ax.text(5.35, 5.65, "①", fontsize=22, color=PALETTE_BLUE, va="center")
    ax.text(3, 4.25, f"¥ {amount:.2f}", ha="center", fontsize=36)
    ax.add_patch(FancyBboxPatch((1.2, 3.95), 3.6, 1.0, boxstyle="round,pad=0.05",
                                fill=False, edgecolor=PALETTE_BLUE, linewidth=3, linestyle="--"))
    ax.text(5.35, 4.45, "②", fontsize=22, color=PALETTE_BLUE, va="center")
    ax.add_patch(FancyBboxPatch((1.0, 1.0), 4.0, 0.9, boxstyle="round,pad=0.1",
                                facecolor=SAFE_COLOUR, edgecolor="none"))
    ax.text(3, 1.45, tr(zh="确认付款", en="Confirm"), ha="center", va="center", fontsize=20,
            color="#ffffff")
    ax.text(3, 2.75, note or tr(zh="先看 ① 名字，再看 ② 金额，\n都对了再按确认",
                                en="Check ① the name, then ② the amount,\n"
                                   "and only then press Confirm"),
            ha="center", va="center", fontsize=15)
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 8)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


STALL_NAME: Bilingual = {"zh": "张记蔬菜", "en": "Zhang's Vegetables"}


@dataclass(frozen=True)
class Sticker:
    """One QR code on the stall and what the phone shows after scanning it."""

    key: str
    where: Bilingual
    payee: Bilingual
    genuine: bool


STICKERS: dict[str, Sticker] = {s.key: s for s in [
    Sticker("A", {"zh": "印在摊位牌子上的码", "en": "The code printed on the stall's sign"},
            {"zh": "张记蔬菜（*华）", "en": "Zhang's Vegetables (*Hua)"}, True),
    Sticker("B", {"zh": "贴在旁边、崭新发亮的码", "en": "The shiny new code stuck beside it"},
            {"zh": "个人收款：刘*", "en": "Personal account: Liu *"}, False),
]}


def _fake_qr(seed: int, size: int = 21) -> Any:
    """A random black-and-white pattern with QR-style corner squares (not scannable)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    grid = rng.random((size, size)) < 0.5
    for r, c in [(0, 0), (0, size - 7), (size - 7, 0)]:
        grid[r:r + 7, c:c + 7] = True
        grid[r + 1:r + 6, c + 1:c + 6] = False
        grid[r + 2:r + 5, c + 2:c + 5] = True
    return ~grid


def stall_figure() -> Any:
    """The stall's sign with code A printed on it and sticker B pasted beside, corner lifting."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon, Rectangle

    fig, ax = plt.subplots(figsize=(10, 6.4))
    ax.add_patch(Rectangle((0, 0), 10, 6.4, facecolor="#fdf3d8", edgecolor="#000000",
                           linewidth=3, zorder=0))
    ax.text(5, 5.6, pick(STALL_NAME), ha="center", fontsize=30)
    ax.text(5, 4.85, tr(zh="扫码付款", en="Scan to pay"), ha="center", fontsize=18)
    for seed, extent in [(11, (1.0, 4.2, 0.9, 4.1)), (29, (5.9, 9.1, 0.8, 4.0))]:
        ax.imshow(_fake_qr(seed).astype(float), cmap="gray", vmin=0, vmax=1, extent=extent,
                  interpolation="nearest", zorder=2)
    ax.add_patch(Rectangle((5.75, 0.65), 3.5, 3.5, facecolor="#ffffff", edgecolor="#777777",
                           linewidth=2, zorder=1))
    ax.add_patch(Polygon([(9.25, 4.15), (8.55, 4.15), (9.25, 3.45)], facecolor="#cccccc",
                         edgecolor="#777777", zorder=3))
    ax.text(2.6, 0.35, "A", ha="center", fontsize=24)
    ax.text(7.5, 0.25, "B", ha="center", fontsize=24)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(tr(zh="摊位上有两个码，扫哪个？", en="Two codes on the stall: which one?"))
    return fig


STALL_ALT = {
    "zh": "示意图：张记蔬菜的摊位牌子，左边 A 是印在牌子上的付款码，右边 B 是另贴上去的一张码，"
          "右上角翘起来了。两个码都是画的，不能扫。",
    "en": "Picture: the sign of Zhang's Vegetables. On the left, code A is printed on the "
          "sign; on the right, code B is a separate sticker with its top corner lifting. "
          "Both codes are drawings and cannot be scanned.",
}


class StallSpotter:
    """Two big 'scan' buttons; the phone shows whose account each code pays into.

    ``.result`` is ``{"scanned": key, "payee": text, "matches": bool}`` after a scan:
    ``matches`` says whether the name on the screen is the stall's name.
    """

    def __init__(self) -> None:
        import ipywidgets as widgets

        self.buttons = {
            key: widgets.Button(description=tr(zh=f"扫码 {key}", en=f"Scan code {key}"),
                                icon="qrcode", layout=BIG_BUTTON,
                                style={"font_weight": "bold"})
            for key in STICKERS}
        for key, button in self.buttons.items():
            button.on_click(lambda _, k=key: self.scan(k))
        self.phone = widgets.HTML()
        self.result: dict[str, Any] = {}
        self.widget = widgets.VBox([widgets.HBox(list(self.buttons.values())), self.phone],
                                   layout={"max_width": "46em"})

    def scan(self, key: str) -> dict[str, Any]:
        sticker = STICKERS[key]
        payee = pick(sticker.payee)
        self.result = {"scanned": key, "payee": payee, "matches": sticker.genuine}
        verdict = (tr(zh="✅ 名字和摊位一致。", en="✅ The name matches the stall.")
                   if sticker.genuine else
                   tr(zh="⚠️ 名字和摊位对不上！别付，告诉摊主。",
                      en="⚠️ The name doesn't match the stall! Don't pay; tell the owner."))
        self.phone.value = phone_html(
            {"zh": "扫码结果", "en": "After scanning"},
            tr(zh=f"{pick(sticker.where)}\n付款给：{payee}\n\n{verdict}",
               en=f"{pick(sticker.where)}\nPay to: {payee}\n\n{verdict}"))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
