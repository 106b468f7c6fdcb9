"""What one active student costs while a lesson runs: memory and CPU of a real single-user
Jupyter server and its kernel, measured on this machine, turned into the per-student
figures of the district capacity plan (deploy/k8s/README.md) and the school server.

For each scenario a fresh JupyterLab server is started on loopback (as one student's pod
runs one), serving the Chinese student views that ``suyang build`` renders. A client then
does what a student's browser does: loads the page's settings, opens the lesson (a kernel
session through the REST API), runs every code cell through the kernel websocket, drives
the lesson's widgets (the steps in tests/lessons/<id>.yaml) and saves the notebook. The
server's process tree (server + kernel) is sampled with psutil every --interval seconds.

The reference, measured in the same run: the same server with an empty notebook's kernel,
the JupyterLab a teacher would otherwise start for a class.

    python benchmarks/student_load.py [--lessons ID,ID|all] [--students 3000] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil
import requests
import websocket
import yaml

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
GiB = 1024 * MiB
CLASS_SECONDS = 40 * 60  # cells a student runs in one class are spread over 40 minutes
# One lesson per level; the first two were the heaviest of all 37 lessons in a full sweep
# (--lessons all, deploy/k8s/student-load-all-lessons.json).
DEFAULT_LESSONS = [
    "primary-01-class-survey",         # widgets: voting buttons, live charts (heaviest)
    "middle-05-nearest-neighbours",    # a classifier with sliders
    "high-01-cleaning-data",           # pandas
    "vocational-01-shop-sales",        # pandas, a spreadsheet
    "seniors-01-phone-scams",          # large print, buttons only
]
NODE_SIZES = [(4, 16), (8, 32), (16, 64)]  # vCPU, GiB
MAX_PODS = 110          # kubelet's default pods per node
SYSTEM_PODS = 10        # kube-proxy, CNI, DNS cache, log agent, image puller … per node
DAEMON_CPU, DAEMON_MEM = 0.2, 0.5 * GiB  # what those pods request, roughly
CELL_TIMEOUT = 180
START_TARGET = 60  # s: a student's server and first cell ready within a minute at 8:00


# ---------------------------------------------------------------- sampling the tree

@dataclass
class Sample:
    t: float
    phase: str
    server_rss: int
    server_pss: int
    server_uss: int
    kernel_rss: int
    kernel_pss: int
    kernel_uss: int
    cpu: float  # cumulative CPU seconds of every process seen in the tree

    @property
    def rss(self) -> int:
        return self.server_rss + self.kernel_rss

    @property
    def pss(self) -> int:
        return self.server_pss + self.kernel_pss

    @property
    def uss(self) -> int:
        return self.server_uss + self.kernel_uss


class Sampler(threading.Thread):
    """Samples the server's process tree; a process that ends keeps its last CPU time."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.phase = "server-start"
        self.samples: list[Sample] = []
        self._cpu: dict[tuple[int, float], float] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            started = time.monotonic()
            sample = self.sample()
            if sample:
                self.samples.append(sample)
            self._halt.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)

    def sample(self) -> Sample | None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return None
        mem = {"server": [0, 0, 0], "kernel": [0, 0, 0]}
        for proc in procs:
            try:
                with proc.oneshot():
                    info = proc.memory_full_info()
                    times = proc.cpu_times()
                    key = (proc.pid, proc.create_time())
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            self._cpu[key] = times.user + times.system
            part = mem["server" if proc.pid == self.root.pid else "kernel"]
            part[0] += info.rss
            part[1] += getattr(info, "pss", info.rss)
            part[2] += info.uss
        return Sample(time.monotonic(), self.phase, *mem["server"], *mem["kernel"],
                      sum(self._cpu.values()))

    def cpu_now(self) -> float:
        """Cumulative CPU seconds of the tree, sampled now (not waiting for the thread)."""
        sample = self.sample()
        return sample.cpu if sample else sum(self._cpu.values())


def high_water_mark(pid: int) -> int:
    """Peak resident memory of one process since it started (Linux VmHWM), in bytes."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    base: str
    token: str
    log: Path

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def get(self, path: str) -> requests.Response:
        r = requests.get(self.url(path), headers=self.headers(), timeout=60)
        r.raise_for_status()
        return r

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}


def start_server(views: Path, work: Path) -> Server:
    """A JupyterLab on loopback with a token and its own runtime, config and settings dirs."""
    port, token = free_port(), secrets.token_hex(16)
    state = work / f"server-{port}"
    for sub in ("runtime", "config", "settings", "workspaces"):
        (state / sub).mkdir(parents=True)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
           "JUPYTER_CONFIG_DIR": str(state / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
           "SUYANG_LANG": "zh", "PYTHONUTF8": "1"}
    for name in ("NBGRADER_EXECUTION", "MPLBACKEND"):
        env.pop(name, None)  # a student's kernel draws inline, as in a browser
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    log = state / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={views}", "--allow-root"],
        cwd=views, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    return Server(proc, f"http://127.0.0.1:{port}", token, log)


def wait_ready(server: Server, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            sys.exit(f"the server ended:\n{server.log.read_text()[-3000:]}")
        try:
            if requests.get(server.url("/api/status"), headers=server.headers(), timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    sys.exit(f"the server did not start in {timeout:.0f} s:\n{server.log.read_text()[-3000:]}")


def load_page(server: Server) -> None:
    """What JupyterLab's page asks the server for when a student opens it (no static JS)."""
    for path in ("/lab", "/lab/api/settings", "/lab/api/translations/zh_CN",
                 "/api/kernelspecs", "/api/contents?content=1", "/api/sessions"):
        server.get(path)


def stop_server(server: Server) -> None:
    """SIGTERM (the server shuts its kernels down), then kill whatever is left."""
    try:
        children = psutil.Process(server.proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    server.proc.terminate()
    try:
        server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
    for child in children:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


# ---------------------------------------------------------------- a kernel over the websocket

class Kernel:
    """One notebook's kernel session, driven as JupyterLab drives it (JSON over websocket)."""

    def __init__(self, server: Server, path: str) -> None:
        self.server = server
        r = requests.post(server.url("/api/sessions"), headers=server.headers(), timeout=120,
                          json={"path": path, "name": Path(path).name, "type": "notebook",
                                "kernel": {"name": "python3"}})
        r.raise_for_status()
        self.session_id = r.json()["id"]
        self.kernel_id = r.json()["kernel"]["id"]
        self.client_session = uuid.uuid4().hex
        ws_url = server.base.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{ws_url}/api/kernels/{self.kernel_id}/channels?session_id={self.client_session}",
            header=[f"Authorization: token {server.token}"], timeout=CELL_TIMEOUT)
        self.request("kernel_info_request", {}, "shell")

    def pid(self) -> int | None:
        """The kernel's process (the server's child whose command line names this kernel)."""
        for child in psutil.Process(self.server.proc.pid).children(recursive=True):
            try:
                if any(self.kernel_id in arg for arg in child.cmdline()):
                    return child.pid
            except psutil.NoSuchProcess:
                continue
        return None

    def send(self, msg_type: str, content: dict, channel: str) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "student",
                  "session": self.client_session, "version": "5.3",
                  "date": dt.datetime.now(dt.UTC).isoformat()}
        self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                                 "content": content, "channel": channel, "buffers": []}))
        return msg_id

    def request(self, msg_type: str, content: dict, channel: str) -> list[dict]:
        """Send a request; collect its iopub messages until its reply and idle status."""
        msg_id = self.send(msg_type, content, channel)
        replied, idle, messages = False, msg_type != "execute_request", []
        while not (replied and idle):
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if msg.get("channel") == "shell" and kind.endswith("_reply"):
                replied = True
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
            else:
                messages.append(msg)
        return messages

    def execute(self, code: str) -> list[nbformat.NotebookNode]:
        """Run one cell; its outputs as notebook outputs (what the browser would save)."""
        outputs = []
        for msg in self.request("execute_request", {"code": code, "silent": False,
                                                    "store_history": True,
                                                    "user_expressions": {},
                                                    "allow_stdin": False,
                                                    "stop_on_error": False}, "shell"):
            msg["msg_type"] = msg["header"]["msg_type"]
            if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                outputs.append(nbformat.v4.output_from_msg(msg))
        return outputs

    def close(self) -> None:
        self.ws.close()
        requests.delete(self.server.url(f"/api/sessions/{self.session_id}"),
                        headers=self.server.headers(), timeout=60)


# ---------------------------------------------------------------- one scenario

@dataclass
class Result:
    name: str
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    server_start_cpu_s: float = 0.0
    lesson_cpu_s: float = 0.0
    lesson_wall_s: float = 0.0
    start_cpu_s: float = 0.0      # kernel start + the lesson's first cell (suyang.setup)
    max_cell_cpu_s: float = 0.0
    burst_cores: float = 0.0      # highest CPU use over a 1-s window while the lesson ran
    peak_rss: int = 0             # VmHWM of the server + VmHWM of the kernel
    peak_server_rss: int = 0
    peak_kernel_rss: int = 0
    peak_pss: int = 0             # sampled
    peak_uss: int = 0             # sampled
    steady_rss: int = 0           # after the lesson, the notebook still open
    steady_pss: int = 0
    steady_uss: int = 0
    saved_bytes: int = 0          # the notebook with its outputs, as saved


def lesson_path(views: Path, lesson_id: str) -> Path:
    level, rest = lesson_id.split("-", 1)
    found = sorted((views / "curriculum" / level / rest).glob("*.ipynb"))
    if not found:
        sys.exit(f"no lesson {lesson_id} in {views}")
    return found[0]


def drive_steps(lesson_id: str) -> list[str]:
    """The widget clicks the lesson tests make: what a student does after reading."""
    path = ROOT / "tests" / "lessons" / f"{lesson_id}.yaml"
    steps = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else []
    return ["import json\n" + s["code"] for s in steps or []]


def settle_and_measure(sampler: Sampler, result: Result, settle: float, steady: float) -> None:
    """Memory while the student reads: the notebook open, its kernel idle."""
    sampler.phase = "settle"
    time.sleep(settle)
    sampler.phase = "steady"
    time.sleep(steady)
    quiet = [s for s in sampler.samples if s.phase == "steady"]
    if quiet:
        result.steady_rss = int(median([s.rss for s in quiet]))
        result.steady_pss = int(median([s.pss for s in quiet]))
        result.steady_uss = int(median([s.uss for s in quiet]))


def run_scenario(name: str, views: Path, work: Path, notebook: Path | None,
                 steps: list[str], interval: float, settle: float, steady: float) -> Result:
    """A fresh server, the page loaded, one notebook opened and (for a lesson) run."""
    result = Result(name)
    server = start_server(views, work)
    sampler = Sampler(server.proc.pid, interval)
    sampler.start()
    try:
        wait_ready(server)
        load_page(server)
        result.server_start_cpu_s = sampler.cpu_now()
        rel = (notebook or views / "empty.ipynb").relative_to(views).as_posix()
        server.get(f"/api/contents/{rel}?content=1")
        sampler.phase = "lesson"
        cpu0, t0 = sampler.cpu_now(), time.monotonic()
        kernel = Kernel(server, rel)
        if notebook:
            run_cells(kernel, server, rel, steps, result, sampler, cpu0)
        result.lesson_cpu_s = sampler.cpu_now() - cpu0
        result.lesson_wall_s = time.monotonic() - t0
        settle_and_measure(sampler, result, settle, steady)
        kpid = kernel.pid()
        result.peak_server_rss = high_water_mark(server.proc.pid)
        result.peak_kernel_rss = high_water_mark(kpid) if kpid else 0
        result.peak_rss = result.peak_server_rss + result.peak_kernel_rss
        kernel.close()
    finally:
        try:
            stop_server(server)
        finally:
            sampler.stop()
    busy = [s for s in sampler.samples if s.phase in ("lesson", "settle", "steady")]
    result.peak_pss = max((s.pss for s in busy), default=0)
    result.peak_uss = max((s.uss for s in busy), default=0)
    result.burst_cores = burst(s for s in sampler.samples if s.phase == "lesson")
    return result


def run_cells(kernel: Kernel, server: Server, rel: str, steps: list[str], result: Result,
              sampler: Sampler, cpu0: float) -> None:
    """Every code cell in order, then the widget steps; save the notebook with outputs."""
    nb = nbformat.from_dict(server.get(f"/api/contents/{rel}").json()["content"])
    first = True
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        before = sampler.cpu_now()
        cell.outputs = kernel.execute(cell.source)
        spent = sampler.cpu_now() - before
        result.max_cell_cpu_s = max(result.max_cell_cpu_s, spent)
        if first:
            result.start_cpu_s = sampler.cpu_now() - cpu0
            first = False
        result.cells += 1
        result.errors += [f"{o.ename}: {o.evalue}" for o in cell.outputs
                          if o.output_type == "error"]
    for code in steps:
        outputs = kernel.execute(code)
        result.errors += [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"]
    body = {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))}
    saved = requests.put(server.url(f"/api/contents/{rel}"), headers=server.headers(),
                         json=body, timeout=60)
    saved.raise_for_status()
    result.saved_bytes = len(nbformat.writes(nb).encode("utf-8"))


def burst(samples: Any) -> float:
    """Highest CPU use (cores) over any window of about one second."""
    samples = list(samples)
    best = 0.0
    j = 0
    for i, s in enumerate(samples):
        while j < i and s.t - samples[j].t > 1.0:
            j += 1
        k = max(0, j - 1)
        if s.t - samples[k].t >= 0.5:
            best = max(best, (s.cpu - samples[k].cpu) / (s.t - samples[k].t))
    return best


# ---------------------------------------------------------------- the plan

def median(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    return (values[(n - 1) // 2] + values[n // 2]) / 2 if n else 0.0


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with a handful of lessons, the largest)."""
    values = sorted(values)
    return values[max(0, math.ceil(0.95 * len(values)) - 1)] if values else 0.0


def round_up(value: float, step: float) -> float:
    return math.ceil(value / step - 1e-9) * step


def reserved(cpu: float, mem_gib: float) -> tuple[float, float]:
    """What a managed cluster keeps back on a node (the GKE formula), plus daemon pods."""
    mem = 0.0
    for width, share in ((4, 0.25), (4, 0.20), (8, 0.10), (112, 0.06)):
        part = min(max(mem_gib, 0), width)
        mem += part * share
        mem_gib -= part
    mem = mem * GiB + 100 * MiB + DAEMON_MEM
    cores = 0.0
    for width, share in ((1, 0.06), (1, 0.01), (2, 0.005), (1e9, 0.0025)):
        part = min(max(cpu, 0), width)
        cores += part * share
        cpu -= part
    return cores + DAEMON_CPU, mem


def node_capacity(vcpu: int, gib: int, mem_guarantee: float, cpu_guarantee: float,
                  avg_cores: float, start_cpu: float, students: int) -> dict[str, Any]:
    """Students per node: the tightest of memory, CPU guarantees and the pod limit.

    ``by_cpu_use`` (80% of the allocatable CPU over the class average) shows how far
    CPU is from being the bottleneck; ``full_node_start_s`` is how long a full node needs
    to start everyone's server and first cell at once (8:00).
    """
    keep_cpu, keep_mem = reserved(vcpu, gib)
    alloc_cpu, alloc_mem = vcpu - keep_cpu, gib * GiB - keep_mem
    by_mem = int(alloc_mem // mem_guarantee)
    by_cpu = int(alloc_cpu // cpu_guarantee + 1e-9)
    users = min(by_mem, by_cpu, MAX_PODS - SYSTEM_PODS)
    return {"vcpu": vcpu, "gib": gib, "alloc_cpu": round(alloc_cpu, 2),
            "alloc_gib": round(alloc_mem / GiB, 2), "by_memory": by_mem,
            "by_cpu_guarantee": by_cpu,
            "by_cpu_use": int(alloc_cpu * 0.8 // avg_cores) if avg_cores else 0,
            "users": users, "nodes_for_students": math.ceil(students / users),
            "full_node_start_s": round(users * start_cpu / alloc_cpu)}


def plan(results: list[Result], baseline: Result, students: int) -> dict[str, Any]:
    """Per-student guarantee and limit, and users per node, from the lessons measured."""
    peak = p95([r.peak_rss for r in results])
    kernel_peak = p95([r.peak_kernel_rss for r in results])
    server_peak = p95([r.peak_server_rss for r in results])
    mem_guarantee = round_up(peak * 1.2, 64 * MiB)
    mem_limit = round_up(max(2 * peak, server_peak + 2 * kernel_peak), 256 * MiB)
    lesson_cpu = p95([r.lesson_cpu_s for r in results])
    start_cpu = p95([r.start_cpu_s for r in results])
    server_cpu = median([r.server_start_cpu_s for r in results])
    avg_cores = (server_cpu + lesson_cpu) / CLASS_SECONDS
    # every student on a full node may log in at 8:00: with the guarantee each one's server
    # and first cell still get CPU enough to be ready within START_TARGET seconds
    cpu_guarantee = max(0.05, round_up((server_cpu + start_cpu) / START_TARGET, 0.05))
    cpu_limit = max(1.0, min(2.0, round_up(p95([r.burst_cores for r in results]), 0.5)))
    nodes = [node_capacity(vcpu, gib, mem_guarantee, cpu_guarantee, avg_cores,
                           server_cpu + start_cpu, students) for vcpu, gib in NODE_SIZES]
    return {"peak_rss_p95_mib": peak / MiB, "server_peak_mib": server_peak / MiB,
            "kernel_peak_mib": kernel_peak / MiB,
            "mem_guarantee_mib": mem_guarantee / MiB, "mem_limit_mib": mem_limit / MiB,
            "lesson_cpu_s_p95": lesson_cpu, "start_cpu_s_p95": start_cpu,
            "server_start_cpu_s": server_cpu, "avg_cores_per_class": avg_cores,
            "cpu_guarantee": cpu_guarantee, "cpu_limit": cpu_limit,
            "baseline_peak_mib": baseline.peak_rss / MiB, "students": students, "nodes": nodes}


# ---------------------------------------------------------------- printing

def mib(n: float) -> str:
    return f"{n / MiB:.0f}"


def print_table(results: list[Result], baseline: Result) -> None:
    head = (f"{'scenario':34} {'cells':>5} {'peak RSS':>8} {'server':>6} {'kernel':>6} "
            f"{'peak PSS':>8} {'peak USS':>8} {'steady':>6} {'x base':>6} {'CPU s':>6} "
            f"{'start':>5} {'burst':>5} {'wall s':>6}")
    print(head)
    print("-" * len(head))
    for r in [baseline, *results]:
        ratio = r.peak_rss / baseline.peak_rss if baseline.peak_rss else 0
        print(f"{r.name:34} {r.cells:5d} {mib(r.peak_rss):>8} {mib(r.peak_server_rss):>6} "
              f"{mib(r.peak_kernel_rss):>6} {mib(r.peak_pss):>8} {mib(r.peak_uss):>8} "
              f"{mib(r.steady_rss):>6} {ratio:6.2f} {r.lesson_cpu_s:6.1f} "
              f"{r.start_cpu_s:5.1f} {r.burst_cores:5.2f} {r.lesson_wall_s:6.1f}")
    print("memory in MiB; peak RSS = VmHWM(server) + VmHWM(kernel); PSS/USS sampled; "
          "steady = RSS after the lesson, notebook open;\nx base = peak RSS / the "
          "reference's; CPU s = kernel start + every cell + widget steps; start = kernel "
          "start + first cell;\nburst = most cores used over ~1 s")


def print_plan(p: dict[str, Any], results: list[Result], baseline: Result) -> None:
    steady = median([r.steady_rss for r in results])
    print()
    print("reference (same run): JupyterLab server + an empty notebook's kernel: "
          f"peak {p['baseline_peak_mib']:.0f} MiB, steady {mib(baseline.steady_rss)} MiB")
    ratio = p["peak_rss_p95_mib"] / p["baseline_peak_mib"]
    print(f"kit lesson / reference, peak memory:   {ratio:.2f}x (p95 over {len(results)} lessons)")
    print(f"kit lesson / reference, steady memory: {steady / baseline.steady_rss:.2f}x (median)")
    print()
    print("per active student")
    print(f"  memory peak (p95 of lessons):      {p['peak_rss_p95_mib']:.0f} MiB "
          f"(server {p['server_peak_mib']:.0f} + kernel {p['kernel_peak_mib']:.0f})")
    print(f"  memory guarantee (peak x 1.2):     {p['mem_guarantee_mib']:.0f} MiB")
    print(f"  memory limit (2 notebooks open):   {p['mem_limit_mib']:.0f} MiB")
    print(f"  CPU, server start + page load:     {p['server_start_cpu_s']:.1f} CPU s")
    print(f"  CPU, one lesson (p95):             {p['lesson_cpu_s_p95']:.1f} CPU s, of which "
          f"kernel start + first cell {p['start_cpu_s_p95']:.1f} s")
    print(f"  CPU averaged over a 40-min class:  {p['avg_cores_per_class']:.4f} cores "
          f"({1000 * p['avg_cores_per_class']:.1f} millicores)")
    print(f"  CPU peak burst:                    {p_burst(results):.2f} cores")
    print(f"  CPU guarantee (ready in {START_TARGET} s):     {p['cpu_guarantee']:.2f} cores")
    print(f"  CPU limit:                         {p['cpu_limit']:.1f} cores")
    print()
    print(f"users per node (allocatable after the GKE reservation and daemon pods; at most "
          f"{MAX_PODS - SYSTEM_PODS} user pods)")
    print(f"{'node':>16} {'alloc CPU':>9} {'alloc GiB':>9} {'by memory':>9} "
          f"{'by CPU guar.':>12} {'by CPU use':>10} {'users':>5} "
          f"{'nodes for ' + str(p['students']):>15} {'all start, s':>12}")
    for n in p["nodes"]:
        print(f"{str(n['vcpu']) + ' vCPU/' + str(n['gib']) + ' GiB':>16} {n['alloc_cpu']:9.2f} "
              f"{n['alloc_gib']:9.2f} {n['by_memory']:9d} {n['by_cpu_guarantee']:12d} "
              f"{n['by_cpu_use']:10d} {n['users']:5d} {n['nodes_for_students']:15d} "
              f"{n['full_node_start_s']:12d}")
    print("by CPU use = 80% of the allocatable CPU / the class average; all start = seconds "
          "for a full node's students to start their servers and lessons at the same time")


def p_burst(results: list[Result]) -> float:
    return p95([r.burst_cores for r in results])


# ---------------------------------------------------------------- main

def build_views(work: Path, lang: str) -> Path:
    views = work / "views"
    suyang = Path(sys.executable).parent / "suyang"
    cmd = [str(suyang)] if suyang.exists() else [sys.executable, "-m", "suyang.cli"]
    proc = subprocess.run([*cmd, "build", "--lang", lang, "--out", str(views)], cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"suyang build failed:\n{proc.stderr[-3000:]}")
    nbformat.write(nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}),
        views / "empty.ipynb")
    return views


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def all_lessons() -> list[str]:
    return [f"{p.parts[-3]}-{p.parent.name}"
            for p in sorted((ROOT / "curriculum").glob("*/*/*.ipynb"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", default=",".join(DEFAULT_LESSONS),
                        help="lesson ids (level-NN-slug), comma-separated, or 'all'")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--interval", type=float, default=0.2, help="sampling period, s")
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--steady", type=float, default=3.0)
    parser.add_argument("--students", type=int, default=3000,
                        help="concurrently active students to plan nodes for")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args()
    lessons = all_lessons() if args.lessons == "all" else args.lessons.split(",")
    work = Path(tempfile.mkdtemp(prefix="suyang-load-"))
    try:
        views = build_views(work, args.lang)
        views_bytes = folder_bytes(views)
        print(f"machine: {os.cpu_count()} cores, "
              f"{psutil.virtual_memory().total / GiB:.0f} GiB, {platform.platform()}; "
              f"python {platform.python_version()}")
        print(f"student views ({args.lang}): {views_bytes / MiB:.1f} MiB; "
              f"lessons: {', '.join(lessons)}")
        print(flush=True)
        measure = dict(interval=args.interval, settle=args.settle, steady=args.steady)
        baseline = run_scenario("reference: empty notebook", views, work, None, [], **measure)
        results = []
        for lesson in lessons:
            results.append(run_scenario(lesson, views, work, lesson_path(views, lesson),
                                        drive_steps(lesson), **measure))
            print(f"  measured {lesson}", file=sys.stderr, flush=True)
        sys.stdout.flush()
        print_table(results, baseline)
        p = plan(results, baseline, args.students)
        p["burst_cores_p95"] = p_burst(results)
        p["views_mib"] = views_bytes / MiB
        p["saved_notebook_kib_max"] = max(r.saved_bytes for r in results) / 1024
        print_plan(p, results, baseline)
        print(f"\nstorage: the rendered views {views_bytes / MiB:.1f} MiB per student copy; "
              f"a lesson saved with its outputs up to {p['saved_notebook_kib_max']:.0f} KiB")
        errors = {r.name: r.errors for r in results if r.errors}
        if args.json:
            args.json.write_text(json.dumps({
                "date": dt.date.today().isoformat(), "cores": os.cpu_count(),
                "command": " ".join(["python", "benchmarks/student_load.py", *sys.argv[1:]]),
                "baseline": asdict(baseline), "lessons": [asdict(r) for r in results],
                "plan": p, "errors": errors}, indent=2, ensure_ascii=False), "utf-8")
        if errors:
            print(f"\nERRORS while running lessons: {errors}")
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
