"""k-means clustering by hand: assign every point to its nearest centre, move the centres.

The lesson wants learners to *see* the two alternating moves, so the lab keeps a phase
("assign" next or "move" next) and one button does the next move. The starting centres
are chosen from the data with a fixed seed, so every learner (and every test) sees the
same run; a different seed shows that k-means can land in a different answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from suyang.i18n import tr

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]


def distances_to(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Straight-line (Euclidean) distance of every point to every centre: shape (n, k)."""
    return np.sqrt(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))


def assign(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Step 1: the number of the nearest centre for each point (ties go to the lower number)."""
    return distances_to(points, centres).argmin(axis=1)


def move(points: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Step 2: each centre moves to the mean of its points (a centre with none stays put)."""
    new = centres.copy()
    for j in range(len(centres)):
        mine = points[labels == j]
        if len(mine):
            new[j] = mine.mean(axis=0)
    return new


def total_distance(points: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> float:
    """Sum of each point's distance to its own centre: smaller means tighter clusters."""
    return float(np.sqrt(((points - centres[labels]) ** 2).sum(axis=1)).sum())


def start_centres(points: np.ndarray, k: int, seed: int = 1) -> np.ndarray:
    """k different data points, picked with a fixed seed, as the starting centres."""
    rng = np.random.default_rng(seed)
    return points[rng.choice(len(points), size=k, replace=False)].astype(float)


def run(points: np.ndarray, k: int, seed: int = 1, max_rounds: int = 50) -> dict[str, Any]:
    """Assign and move until nothing changes; returns labels, centres, rounds and total."""
    centres = start_centres(points, k, seed)
    labels = assign(points, centres)
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        centres = move(points, labels, centres)
        new_labels = assign(points, centres)
        if (new_labels == labels).all():
            break
        labels = new_labels
    return {"labels": labels, "centres": centres, "rounds": rounds,
            "total": round(total_distance(points, labels, centres), 1)}


class KMeansLab:
    """A k slider, a step button and a reset button over a scatter chart of two columns.

    ``result`` always holds the current state (k, phase, steps, total distance, cluster
    sizes, whether the last move changed anything) so a test can drive the lab.
    """

    def __init__(self, table: pd.DataFrame, x: str, y: str, x_label: str, y_label: str,
                 k: int = 3, seed: int = 2) -> None:
        import ipywidgets as widgets

        self.table, self.x, self.y = table, x, y
        self.x_label, self.y_label = x_label, y_label
        self.points = table[[x, y]].to_numpy(dtype=float)
        self.k_slider = widgets.IntSlider(value=k, min=1, max=6, description="k")
        self.step_button = widgets.Button(button_style="primary")
        self.seed_slider = widgets.IntSlider(value=seed, min=1, max=9,
                                             description=tr(zh="起点编号", en="Start no."))
        self.reset_button = widgets.Button(description=tr(zh="重新开始", en="Start again"))
        self.finish_button = widgets.Button(
            description=tr(zh="⏩ 一直走到停", en="⏩ Run to the end"))
        self.out = widgets.Output()
        self.k_slider.observe(lambda _: self.reset(), names="value")
        self.seed_slider.observe(lambda _: self.reset(), names="value")
        self.finish_button.on_click(lambda _: self.finish())
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.widget = widgets.VBox([
            widgets.HBox([self.k_slider, self.seed_slider]),
            widgets.HBox([self.step_button, self.finish_button, self.reset_button]), self.out])
        self.reset()

    def reset(self) -> None:
        """New starting centres for the slider's k; nobody belongs to a cluster yet."""
        self.centres = start_centres(self.points, self.k_slider.value, self.seed_slider.value)
        self.labels: np.ndarray | None = None
        self.phase, self.steps, self.changed = "assign", 0, True
        self._update()

    def step(self) -> None:
        """Do the next move: assign points (step 1) or move the centres (step 2)."""
        if self.phase == "assign":
            new = assign(self.points, self.centres)
            self.changed = self.labels is None or not (new == self.labels).all()
            self.labels, self.phase = new, "move"
        else:
            self.centres = move(self.points, self.labels, self.centres)
            self.phase = "assign"
        self.steps += 1
        self._update()

    def finish(self, max_steps: int = 100) -> None:
        """Keep stepping until an assignment changes nobody's cluster (drawn once at the end)."""
        update, self._update = self._update, lambda: None  # type: ignore[method-assign]
        try:
            while not self.result["finished"] and self.steps < max_steps:
                self.step()
        finally:
            self._update = update  # type: ignore[method-assign]
        self._update()

    @property
    def result(self) -> dict[str, Any]:
        total = (None if self.labels is None
                 else round(total_distance(self.points, self.labels, self.centres), 1))
        sizes = ([] if self.labels is None
                 else [int((self.labels == j).sum()) for j in range(len(self.centres))])
        return {"k": self.k_slider.value, "phase": self.phase, "steps": self.steps,
                "total": total, "sizes": sizes,
                "finished": self.labels is not None and not self.changed}

    def _update(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import Markdown, display

        from suyang.plotting import show

        if self.phase == "assign":
            label = tr(zh="① 分组：归到最近的中心", en="① Assign to nearest centre")
        else:
            label = tr(zh="② 移动：中心搬到平均位置", en="② Move centres to the mean")
        self.step_button.description = label
        self.step_button.layout.width = "max-content"
        fig, ax = plt.subplots(figsize=(6, 4.5))
        if self.labels is None:
            ax.scatter(self.points[:, 0], self.points[:, 1], color="grey", s=30)
        else:
            for j in range(len(self.centres)):
                mine = self.points[self.labels == j]
                ax.scatter(mine[:, 0], mine[:, 1], color=COLOURS[j], s=30)
        for j, (cx, cy) in enumerate(self.centres):
            ax.scatter([cx], [cy], marker="X", s=220, color=COLOURS[j], edgecolor="black")
        ax.set_xlabel(self.x_label)
        ax.set_ylabel(self.y_label)
        ax.set_title(tr(zh=f"k = {len(self.centres)}，已走 {self.steps} 步",
                        en=f"k = {len(self.centres)}, {self.steps} steps so far"))
        r = self.result
        with self.out:
            self.out.clear_output(wait=True)
            show(fig, alt=tr(zh=f"{len(self.points)} 名学生的散点图，"
                                f"×是 {len(self.centres)} 个中心。",
                             en=f"Scatter chart of {len(self.points)} students; the crosses are "
                                f"the {len(self.centres)} centres."))
            if r["total"] is None:
                text = tr(zh="还没有分组：点一下“① 分组”。", en="No groups yet: press “① Assign”.")
            else:
                text = tr(zh=f"每组人数：{r['sizes']}；组内总距离：**{r['total']}**",
                          en=f"Cluster sizes: {r['sizes']}; total within-cluster distance: "
                             f"**{r['total']}**")
                if r["finished"]:
                    text += tr(zh=" —— 这次分组和上次一样，算法停下了 ✅",
                               en=" — nobody changed cluster, so the algorithm has finished ✅")
            display(Markdown(text))
