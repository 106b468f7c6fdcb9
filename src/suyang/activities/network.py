"""A tiny, pretend internet for lessons on how a message crosses a network.

Nothing here touches a real network. A :class:`Network` is a handful of routers joined
by links, each link with a delay in milliseconds; two hosts (a computer at home and the
school's homework site) hang off its edges. Lessons use it to show, step by step, what
really happens when a message is sent:

* every host has an **address**, and every packet carries the sender's and the
  receiver's address, like an envelope;
* a message is **split into packets** (:func:`split_message`), each numbered;
* routers pass packets along the **quickest working route** (:meth:`Network.route`, a
  shortest-path search over link delays), and when a link breaks they find another;
* packets wait in queues for different times, so they **arrive out of order**
  (:meth:`Network.send`) and the receiver puts them back in order by number;
* someone listening on a link sees every packet that passes (:meth:`Network.tap`):
  the addresses always, the content only if it was not encrypted (why https matters).

Real packets hold up to about 1,500 bytes; ours hold a few characters so that a class
can read them. Addresses come from the ranges reserved for documentation (RFC 5737), so
they never point at a real machine. Everything a learner reads comes in both languages.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import i18n
from ..plotting import PALETTE

Bilingual = dict[str, str]

ROUTE_COLOUR = PALETTE[1]   # orange: the route the packets take
BROKEN_COLOUR = PALETTE[3]  # vermilion: a broken link
LINK_COLOUR = "#9a9a9a"
HOST_COLOUR = PALETTE[0]
ROUTER_COLOUR = PALETTE[2]
SPY_COLOUR = PALETTE[4]


@dataclass(frozen=True)
class Packet:
    """One numbered piece of a message, with the 'envelope' every packet carries."""

    seq: int         # 1, 2, 3 … so the receiver can put the pieces back in order
    total: int       # how many pieces the whole message has
    src: str         # the sender's address
    dst: str         # the receiver's address
    payload: str     # this piece of the message


@dataclass
class Node:
    """A host (a computer or a server) or a router, with its place on the map."""

    name: str
    kind: str                      # "host" | "router"
    pos: tuple[float, float]
    label: Bilingual | None = None  # what a learner reads; routers just use their name
    address: str | None = None      # hosts only: where packets are addressed to

    def title(self, lang: str | None = None) -> str:
        return i18n.pick(self.label, lang) if self.label else self.name


def _key(a: str, b: str) -> tuple[str, str]:
    """Links have no direction: A–B and B–A are the same cable."""
    return (a, b) if a <= b else (b, a)


def link_name(link: Sequence[str]) -> str:
    """'B-D' for the link between B and D (order-free)."""
    a, b = _key(*link)
    return f"{a}-{b}"


@dataclass
class Network:
    """Routers, hosts and the links between them, some of which may be broken."""

    nodes: dict[str, Node] = field(default_factory=dict)
    links: dict[tuple[str, str], int] = field(default_factory=dict)  # delay in ms
    broken: set[tuple[str, str]] = field(default_factory=set)

    # ------------------------------------------------------------------ building
    def add_host(self, name: str, pos: tuple[float, float], address: str,
                 label: Bilingual) -> None:
        self.nodes[name] = Node(name, "host", pos, label, address)

    def add_router(self, name: str, pos: tuple[float, float]) -> None:
        self.nodes[name] = Node(name, "router", pos)

    def add_link(self, a: str, b: str, delay_ms: int) -> None:
        for n in (a, b):
            if n not in self.nodes:
                raise KeyError(n)
        self.links[_key(a, b)] = delay_ms

    # ------------------------------------------------------------------ questions
    def address(self, name: str) -> str:
        """A host's address, the number that every packet for it carries."""
        address = self.nodes[name].address
        if address is None:
            raise KeyError(name)
        return address

    def address_book(self) -> pd.DataFrame:
        """Every host with its address, like the contacts list the internet keeps."""
        rows = [{"name": n.name, "label": n.title(), "address": n.address}
                for n in self.nodes.values() if n.kind == "host"]
        return pd.DataFrame(rows)

    def working_links(self) -> dict[tuple[str, str], int]:
        return {k: d for k, d in self.links.items() if k not in self.broken}

    def neighbours(self, name: str) -> list[tuple[str, int]]:
        out = []
        for (a, b), delay in self.working_links().items():
            if a == name:
                out.append((b, delay))
            elif b == name:
                out.append((a, delay))
        return sorted(out)

    def route(self, src: str, dst: str) -> list[str] | None:
        """The quickest working route from ``src`` to ``dst`` (node names), or None.

        Routers really do this: each keeps a table of the quickest way onward and
        updates it when a link fails. Here one shortest-path search (Dijkstra) over
        the link delays stands in for all those tables. Ties go to the route whose
        names come first in the alphabet, so every run gives the same answer.
        """
        queue: list[tuple[int, list[str]]] = [(0, [src])]
        done: set[str] = set()
        while queue:
            delay, path = heapq.heappop(queue)
            here = path[-1]
            if here == dst:
                return path
            if here in done:
                continue
            done.add(here)
            for nxt, d in self.neighbours(here):
                if nxt in done:
                    continue
                # packets never pass *through* another host: only routers forward
                if nxt != dst and self.nodes[nxt].kind == "host":
                    continue
                heapq.heappush(queue, (delay + d, [*path, nxt]))
        return None

    def delay(self, path: Sequence[str] | None) -> int | None:
        """Total delay of a route in ms (the sum of its links), or None if no route."""
        if not path:
            return None
        return sum(self.links[_key(a, b)] for a, b in zip(path, path[1:], strict=False))

    def describe(self, path: Sequence[str] | None, lang: str | None = None) -> str:
        """'你的电脑 → A → B → … → 学校作业平台', or a sentence saying there is no route."""
        if not path:
            return i18n.pick({"zh": "没有路可走：消息送不到。",
                              "en": "There is no way through: the message can't arrive."},
                             lang)
        return " → ".join(self.nodes[n].title(lang) for n in path)

    # ------------------------------------------------------------------ breaking
    def break_link(self, a: str, b: str) -> None:
        """Cut a link (a digger went through the cable); routes avoid it from now on."""
        if _key(a, b) not in self.links:
            raise KeyError(link_name((a, b)))
        self.broken.add(_key(a, b))

    def repair_all(self) -> None:
        self.broken.clear()

    # ------------------------------------------------------------------ sending
    def send(self, packets: Sequence[Packet], src: str, dst: str, seed: int = 7,
             max_wait_ms: int = 5, gap_ms: int = 1) -> pd.DataFrame:
        """Send packets one after another; return them **in the order they arrive**.

        Packet *n* leaves at ``(n - 1) * gap_ms``. At every router on the way it waits
        in a queue for 0 to ``max_wait_ms`` ms (other people's packets are queuing
        too), so a later packet can overtake an earlier one. ``seed`` fixes the waits,
        so a lesson gets the same arrival order every time it runs.
        """
        path = self.route(src, dst)
        if path is None:
            raise ValueError(self.describe(None, "en"))
        rng = random.Random(seed)
        travel = self.delay(path) or 0
        routers = len(path) - 2
        rows = []
        for p in packets:
            sent = (p.seq - 1) * gap_ms
            waited = sum(rng.randint(0, max_wait_ms) for _ in range(routers))
            rows.append({"seq": p.seq, "payload": p.payload, "sent_ms": sent,
                         "arrived_ms": sent + travel + waited,
                         "route": "-".join(path[1:-1]), "src": p.src, "dst": p.dst})
        table = pd.DataFrame(rows).sort_values(["arrived_ms", "seq"], kind="stable")
        return table.reset_index(drop=True)

    def tap(self, arrived: pd.DataFrame, link: Sequence[str], https: bool) -> pd.DataFrame:
        """What an eavesdropper listening on one link sees of the packets that crossed it.

        The addresses are always readable: routers need them to deliver the packet.
        With https the content is encrypted, so the eavesdropper sees only scrambled
        characters (shown here as a short fingerprint; real encryption is maths that
        only the two ends hold the key to).
        """
        a, b = _key(*link)
        rows = []
        for _, row in arrived.sort_values("sent_ms").iterrows():
            path = self.path_of(row)
            hops = list(zip(path, path[1:], strict=False))
            if (a, b) not in {_key(x, y) for x, y in hops}:
                continue
            content = scramble(row["payload"]) if https else row["payload"]
            rows.append({"from": row["src"], "to": row["dst"], "seq": row["seq"],
                         "content": content})
        return pd.DataFrame(rows, columns=["from", "to", "seq", "content"])

    def path_of(self, row: pd.Series) -> list[str]:
        """The full route of a sent packet, rebuilt from its addresses and routers."""
        by_address = {n.address: n.name for n in self.nodes.values() if n.address}
        middle = [r for r in str(row["route"]).split("-") if r]
        return [by_address[row["src"]], *middle, by_address[row["dst"]]]

    # ------------------------------------------------------------------ drawing
    def draw(self, route: Sequence[str] | None = None, title: str | None = None,
             spy_link: Sequence[str] | None = None) -> Any:
        """The map: routers, hosts with their addresses, link delays, the route in
        orange, broken links dashed with a cross, and an eavesdropper if given."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(9, 4.2))
        on_route = {_key(a, b) for a, b in zip(route or [], (route or [])[1:], strict=False)}
        for (a, b), delay in self.links.items():
            (x1, y1), (x2, y2) = self.nodes[a].pos, self.nodes[b].pos
            broken = (a, b) in self.broken
            colour = BROKEN_COLOUR if broken else ROUTE_COLOUR if (a, b) in on_route \
                else LINK_COLOUR
            ax.plot([x1, x2], [y1, y2], color=colour, zorder=1,
                    linewidth=5 if (a, b) in on_route else 2,
                    linestyle="--" if broken else "-")
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            if broken:
                ax.plot(mx, my, marker="X", markersize=16, color=BROKEN_COLOUR, zorder=3)
            else:
                ax.text(mx, my, f"{delay} ms", ha="center", va="center", fontsize=9,
                        zorder=3, bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                        "ec": "none"})
        if spy_link:
            # beside the link, on the side facing away from the middle of the map
            (x1, y1), (x2, y2) = (self.nodes[n].pos for n in spy_link)
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx, ny = -(y2 - y1) / length, (x2 - x1) / length
            cx = sum(n.pos[0] for n in self.nodes.values()) / len(self.nodes)
            cy = sum(n.pos[1] for n in self.nodes.values()) / len(self.nodes)
            if (mx - cx) * nx + (my - cy) * ny < 0:
                nx, ny = -nx, -ny
            ax.plot(mx + 0.45 * nx, my + 0.45 * ny, marker="v", markersize=14,
                    color=SPY_COLOUR, zorder=4)
            ax.text(mx + 0.8 * nx, my + 0.8 * ny,
                    i18n.pick({"zh": "窃听者", "en": "eavesdropper"}),
                    ha="right" if nx < -0.3 else "left" if nx > 0.3 else "center",
                    va="center", color=SPY_COLOUR, fontsize=10, zorder=4)
        for node in self.nodes.values():
            x, y = node.pos
            if node.kind == "router":
                ax.plot(x, y, marker="o", markersize=26, color=ROUTER_COLOUR, zorder=5)
                ax.text(x, y, node.name, ha="center", va="center", color="white",
                        fontsize=12, zorder=6)
            else:
                ax.plot(x, y, marker="s", markersize=30, color=HOST_COLOUR, zorder=5)
                ax.text(x, y + 0.55, node.title(), ha="center", va="bottom", fontsize=10,
                        zorder=6)
                ax.text(x, y - 0.5, node.address or "", ha="center", va="top", fontsize=9,
                        zorder=6, family="monospace")
        xs = [n.pos[0] for n in self.nodes.values()]
        ys = [n.pos[1] for n in self.nodes.values()]
        ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
        ax.set_ylim(min(ys) - 1.1, max(ys) + 1.1)
        ax.set_axis_off()
        ax.set_aspect("equal")
        if title:
            ax.set_title(title)
        return fig


def scramble(text: str) -> str:
    """What encrypted content looks like to an outsider: a padlock and gibberish.

    A fingerprint (SHA-256) stands in for real encryption so that the same text always
    looks the same in class; it is *not* how https encrypts.
    """
    return "🔒 " + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def split_message(message: str, size: int, src: str, dst: str) -> list[Packet]:
    """Cut a message into numbered packets of at most ``size`` characters each.

    A lesson's "try it" cell leaves ``...`` for the learner to replace; until they do,
    this says what to fill in and gives no packets, instead of failing with a TypeError.
    """
    if size is Ellipsis:
        print(i18n.pick({"zh": "✏️ 先把 ... 换成每个包最多能装的字数，再运行。",
                         "en": "✏️ Replace the ... with how many characters fit in one "
                               "packet, then run the cell."}))
        return []
    if size < 1:
        raise ValueError("size must be at least 1")
    pieces = [message[i:i + size] for i in range(0, len(message), size)]
    return [Packet(n, len(pieces), src, dst, piece) for n, piece in enumerate(pieces, 1)]


def packets_table(packets: Iterable[Packet]) -> pd.DataFrame:
    """The packets as a table: one row per packet, its envelope and its piece of text."""
    return pd.DataFrame([{"seq": p.seq, "total": p.total, "src": p.src, "dst": p.dst,
                          "payload": p.payload} for p in packets])


def reassemble(arrived: pd.DataFrame) -> str:
    """What the receiver does: sort the packets by number and join their pieces."""
    return "".join(arrived.sort_values("seq")["payload"])


def school_network() -> Network:
    """The lesson's map: your computer at home, seven routers, the school's homework site.

    Delays are chosen so that the quickest route (12 ms) crosses link B-D, cutting B-D
    gives a detour through C (14 ms), and cutting the only cable out of home (or into
    the school) leaves no route at all.
    """
    net = Network()
    net.add_host("home", (0.0, 1.5), "203.0.113.23",
                 {"zh": "你家的电脑", "en": "Your computer"})
    net.add_host("school", (9.0, 1.5), "198.51.100.8",
                 {"zh": "学校作业平台", "en": "School homework site"})
    for name, pos in {"A": (1.5, 1.5), "B": (3.0, 2.7), "C": (3.0, 0.3), "D": (4.5, 1.5),
                      "E": (6.0, 2.7), "F": (6.0, 0.3), "G": (7.5, 1.5)}.items():
        net.add_router(name, pos)
    for a, b, delay in [("home", "A", 2), ("A", "B", 3), ("A", "C", 4), ("B", "C", 3),
                        ("B", "D", 2), ("C", "D", 3), ("B", "E", 7), ("C", "F", 7),
                        ("D", "E", 3), ("D", "F", 2), ("E", "G", 4), ("F", "G", 2),
                        ("G", "school", 1)]:
        net.add_link(a, b, delay)
    return net


# ---------------------------------------------------------------------- widgets
def _show(fig: Any, alt: str) -> None:
    from ..plotting import show

    show(fig, alt=alt)


class RouteExplorer:
    """Pick a link to cut; see the route the routers choose now, and how long it takes.

    ``link_picker`` (a drop-down) and ``result`` (route, delay, hops, broken link) are
    attributes, so a test or a teacher's script can drive it like a learner does.
    """

    def __init__(self, net: Network, src: str = "home", dst: str = "school") -> None:
        import ipywidgets as widgets

        self.net, self.src, self.dst = net, src, dst
        none = i18n.pick({"zh": "（都连着）", "en": "(none)"})
        options = [(none, "")] + [(link_name(k), link_name(k)) for k in sorted(net.links)]
        self.link_picker = widgets.Dropdown(
            options=options, value="",
            description=i18n.pick({"zh": "剪断", "en": "Cut link"}))
        self.output = widgets.Output()
        self.result: dict[str, Any] = {}
        self.box = widgets.VBox([self.link_picker, self.output])
        self.link_picker.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> dict[str, Any]:
        self.net.repair_all()
        cut = self.link_picker.value
        if cut:
            self.net.break_link(*cut.split("-"))
        path = self.net.route(self.src, self.dst)
        delay = self.net.delay(path)
        self.result = {"broken": cut or None, "route": path, "delay": delay,
                       "hops": len(path) - 1 if path else None}
        self.output.clear_output(wait=True)
        with self.output:
            title = i18n.pick({"zh": "现在的路线（橙色）", "en": "The route now (orange)"})
            if path:
                alt = i18n.pick({
                    "zh": "网络地图：剪断的线是 {cut}，数据包走 {route}，共 {d} 毫秒。",
                    "en": "Network map. Cut link: {cut}. Packets go {route}, "
                          "taking {d} ms in all."}).format(
                    cut=cut or i18n.pick({"zh": "没有", "en": "none"}),
                    route=self.net.describe(path), d=delay)
            else:
                alt = i18n.pick({
                    "zh": "网络地图：剪断了 {cut}，从你家到学校已经没有路了。",
                    "en": "Network map. With {cut} cut, there is no way at all from "
                          "home to the school."}).format(cut=cut)
            _show(self.net.draw(route=path, title=title), alt)
            print(i18n.pick({"zh": "路线：", "en": "Route: "}) + self.net.describe(path))
            if path:
                print(i18n.pick({"zh": "经过 {h} 段线路，一共 {d} 毫秒。",
                                 "en": "{h} links, {d} ms in all."}).format(
                    h=self.result["hops"], d=delay))
        return self.result

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


class Eavesdropper:
    """Listen on one link, with or without https, and see what an outsider could read.

    ``link_picker``, ``https_toggle`` and ``result`` (how many packets were seen and
    what their content looked like) are attributes, so the widget can be driven.
    """

    def __init__(self, net: Network, arrived: pd.DataFrame) -> None:
        import ipywidgets as widgets

        self.net, self.arrived = net, arrived
        links = sorted(net.links)
        self.link_picker = widgets.Dropdown(
            options=[link_name(k) for k in links], value=link_name(links[0]),
            description=i18n.pick({"zh": "窃听哪条线", "en": "Listen on"}))
        self.https_toggle = widgets.ToggleButtons(
            options=[("http", False), ("https 🔒", True)], value=False,
            description=i18n.pick({"zh": "网址开头", "en": "Address"}))
        self.output = widgets.Output()
        self.result: dict[str, Any] = {}
        self.box = widgets.VBox([self.link_picker, self.https_toggle, self.output])
        for w in (self.link_picker, self.https_toggle):
            w.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> dict[str, Any]:
        from IPython.display import display

        link = self.link_picker.value.split("-")
        seen = self.net.tap(self.arrived, link, https=self.https_toggle.value)
        self.result = {"link": self.link_picker.value, "https": self.https_toggle.value,
                       "seen": len(seen), "content": list(seen["content"])}
        path = self.net.path_of(self.arrived.iloc[0]) if len(self.arrived) else None
        self.output.clear_output(wait=True)
        with self.output:
            alt = i18n.pick({
                "zh": "网络地图：偷听者守在 {link} 这段线旁边；橙色是数据包走的路线。",
                "en": "Network map: the eavesdropper sits beside link {link}; the packets' "
                      "route is in orange."}).format(link=self.link_picker.value)
            _show(self.net.draw(route=path, spy_link=link), alt)
            if seen.empty:
                print(i18n.pick({
                    "zh": "这条线上没有经过我们的数据包：窃听者什么也没看到。"
                          "（可是，路线是路由器选的，不是你选的。）",
                    "en": "None of our packets crossed this link, so the eavesdropper "
                          "saw nothing. (But the routers choose the route, not you.)"}))
            else:
                print(i18n.pick({"zh": "窃听者截到了 {n} 个数据包：",
                                 "en": "The eavesdropper caught {n} packets:"}).format(
                    n=len(seen)))
                display(seen)
        return self.result

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)


def draw_arrivals(arrived: pd.DataFrame) -> Any:
    """Each packet as a bar from when it left to when it arrived; the number at the end
    is its place in the arrival queue, so overtaking is easy to spot."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    for rank, (_, row) in enumerate(arrived.iterrows(), 1):
        late = rank != row["seq"]
        ax.plot([row["sent_ms"], row["arrived_ms"]], [row["seq"], row["seq"]],
                color=ROUTE_COLOUR if late else HOST_COLOUR, linewidth=6,
                solid_capstyle="butt")
        ax.text(row["arrived_ms"] + 0.3, row["seq"], str(rank), va="center", fontsize=10)
    from matplotlib.patches import Patch

    ax.legend(handles=[
        Patch(color=HOST_COLOUR, label=i18n.pick({"zh": "按顺序到达", "en": "arrived in turn"})),
        Patch(color=ROUTE_COLOUR, label=i18n.pick({"zh": "没按顺序到达",
                                                   "en": "arrived out of turn"}))],
        loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    ax.set_yticks(sorted(arrived["seq"]))
    ax.invert_yaxis()
    ax.set_xlabel(i18n.pick({"zh": "时间（毫秒）", "en": "Time (ms)"}))
    ax.set_ylabel(i18n.pick({"zh": "数据包编号", "en": "Packet number"}))
    ax.set_title(i18n.pick({"zh": "每个数据包的旅程（末尾数字＝第几个到达）",
                            "en": "Each packet's journey (end number = arrival order)"}))
    return fig


class PacketRace:
    """Send the same packets again and again: the arrival order changes each time, but
    sorting by number always gives back the message.

    ``send_button`` (click it) and ``result`` (arrival order, the message read in
    arrival order, and the message put back in order) are attributes for driving.
    """

    def __init__(self, net: Network, packets: Sequence[Packet], src: str = "home",
                 dst: str = "school", seed: int = 100) -> None:
        import ipywidgets as widgets

        self.net, self.packets, self.src, self.dst = net, list(packets), src, dst
        self.seed = seed
        self.send_button = widgets.Button(
            description=i18n.pick({"zh": "再发一次", "en": "Send again"}),
            button_style="primary", icon="paper-plane")
        self.output = widgets.Output()
        self.result: dict[str, Any] = {}
        self.box = widgets.VBox([self.send_button, self.output])
        self.send_button.on_click(lambda _: self.send())
        self.send()

    def send(self) -> dict[str, Any]:
        self.seed += 1
        arrived = self.net.send(self.packets, self.src, self.dst, seed=self.seed)
        order = [int(s) for s in arrived["seq"]]
        self.result = {"order": order, "as_arrived": "".join(arrived["payload"]),
                       "reassembled": reassemble(arrived)}
        self.output.clear_output(wait=True)
        with self.output:
            print(i18n.pick({"zh": "到达顺序：", "en": "Arrival order: "}) +
                  ", ".join(map(str, order)))
            print(i18n.pick({"zh": "按到达顺序读：", "en": "Read as they arrive: "}) +
                  self.result["as_arrived"])
            print(i18n.pick({"zh": "按编号排好再读：", "en": "Sorted by number: "}) +
                  self.result["reassembled"])
        return self.result

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)
