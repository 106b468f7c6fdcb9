"""The school hub for real: deploy/school/install.sh into a fresh environment, a class made
from its roster by `suyang school add-class` (Linux accounts, PAM passwords), JupyterHub
with configurable-http-proxy on loopback, and one assignment's whole round trip through
nbgrader's exchange: the teacher releases, two students log in with their first passwords,
fetch and submit through their own servers, the teacher collects and grades with
`suyang grade`, and each student fetches feedback that is theirs alone. In Chromium, a
student's JupyterLab has none of nbgrader's teacher tools and the teacher's has them all.

Needs root (accounts) and configurable-http-proxy (npm); CI has both (see .ci/run). What
this cannot show here: systemd's memory and CPU limits (no systemd in a container), so the
hub runs with SUYANG_SPAWNER=local; the configuration of the limits is checked instead.
"""

from __future__ import annotations

import csv
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from browser import free_port, need_browser, wait_for_http
from nbg import ROOT, scores

from suyang import references

A = "middle-01-screen-time"
SPEC = references.load_spec(ROOT, A)
NB = SPEC["notebook"]
WRONG = "dropna-cleaning"
APP_A = "primary-03-safe-online"  # answered by clicks in the app view, handed in by button
APP_SPEC = references.load_spec(ROOT, APP_A)
APP_ANSWERS = "ran-out-of-time"
CLASS = "c7-3"
INSTALL = ROOT / "deploy" / "school" / "install.sh"
ARTEFACTS = ROOT / "build" / "artefacts" / "lab"  # what each saw in the browser


def need_hub() -> None:
    """Skip on a developer machine that lacks root or the proxy; CI must run this."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (to create accounts)")
    if not shutil.which("configurable-http-proxy"):
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    if not Path("/usr/bin/python3").exists():
        missing.append("/usr/bin/python3")
    if missing:
        if os.environ.get("CI"):
            raise AssertionError("CI must provide: " + ", ".join(missing) + " (see .ci/run)")
        pytest.skip("needs " + ", ".join(missing))


def read_env(path: Path) -> dict[str, str]:
    pairs = (ln.split("=", 1) for ln in path.read_text("utf-8").splitlines()
             if "=" in ln and not ln.lstrip().startswith("#"))
    return {k.strip(): v.strip() for k, v in pairs}


class School:
    """A school server installed into one temporary folder."""

    def __init__(self, base: Path, suffix: str) -> None:
        self.base, self.suffix = base, suffix
        self.prefix, self.etc = base / "opt", base / "etc"
        self.views, self.exchange = base / "views", base / "exchange"
        self.state, self.homes = base / "state", base / "home"
        self.groups = {"SUYANG_STUDENT_GROUP": f"sy{suffix}s",
                       "SUYANG_TEACHER_GROUP": f"sy{suffix}t",
                       "SUYANG_ADMIN_GROUP": f"sy{suffix}a"}
        self.teacher = f"tch{suffix}"
        self.roster = {f"2024{suffix}01": "李明", f"2024{suffix}02": "王芳"}
        self.accounts: list[str] = []
        self.hub: subprocess.Popen | None = None
        self.url = ""

    @property
    def venv_bin(self) -> Path:
        return self.prefix / "venv" / "bin"

    def env(self) -> dict[str, str]:
        env = {**os.environ, **read_env(self.etc / "school.env"), **self.groups,
               "JUPYTER_CONFIG_PATH": str(self.etc / "jupyter"),
               "PATH": f"{self.venv_bin}:{os.environ['PATH']}"}
        for key in ("VIRTUAL_ENV", "PYTHONPATH", "NBGRADER_EXECUTION", "JUPYTER_RUNTIME_DIR"):
            env.pop(key, None)
        return env

    def install(self) -> None:
        cmd = [str(INSTALL), "--no-system", "--prefix", str(self.prefix), "--config-dir",
               str(self.etc), "--views", str(self.views), "--exchange", str(self.exchange),
               "--state", str(self.state)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def add_class(self) -> dict[str, str]:
        """The runbook's step, with the installed command; returns login → first password."""
        roster = self.base / "roster.csv"
        roster.write_text("学号,姓名\n" + "".join(f"{k},{v}\n" for k, v in self.roster.items()),
                          "utf-8-sig")
        slips = self.base / "slips.csv"
        proc = subprocess.run(
            [str(self.venv_bin / "suyang"), "school", "add-class", str(roster), "--class",
             CLASS, "--teacher", self.teacher, "--home-root", str(self.homes), "--slips",
             str(slips), "--assignments", f"{A},{APP_A}", "--lang", "zh"],
            env=self.env(), capture_output=True, text=True, timeout=600)
        with slips.open(encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))[1:] if slips.exists() else []
        self.accounts = [r[0] for r in rows]
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return {r[0]: r[2] for r in rows}

    def start(self) -> None:
        port = free_port()
        env = {**self.env(), "SUYANG_IP": "127.0.0.1", "SUYANG_PORT": str(port),
               "SUYANG_HUB_PORT": str(free_port()), "SUYANG_PROXY_API_PORT": str(free_port()),
               "SUYANG_SPAWNER": "local", "SUYANG_CONFIG_DIR": str(self.etc)}
        self.log = open(self.base / "hub.log", "w")  # noqa: SIM115 - closed in stop()
        self.hub = subprocess.Popen(
            [str(self.venv_bin / "jupyterhub"), "-f", str(self.etc / "jupyterhub_config.py")],
            cwd=self.state, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{self.url}/hub/api/", self.hub, self.base / "hub.log")

    def hub_services(self) -> list[str]:
        """The hub's services, asked with the school's admin token."""
        import requests

        token = (self.etc / "service-token").read_text().strip()
        reply = requests.get(f"{self.url}/hub/api/services",
                             headers={"Authorization": f"token {token}"}, timeout=30)
        assert reply.ok, reply.text
        return sorted(reply.json())

    def hub_log(self) -> str:
        return (self.base / "hub.log").read_text("utf-8", "replace")[-6000:]

    def as_teacher(self, *cmd: str) -> subprocess.CompletedProcess:
        """A command in the teacher's terminal (their account, their course folder)."""
        from suyang.school import as_user

        home = Path(pwd.getpwnam(self.teacher).pw_dir)
        env = {k: v for k, v in self.env().items()
               if k.startswith("SUYANG_") or k == "JUPYTER_CONFIG_PATH"}
        env["PATH"] = f"{self.venv_bin}:/usr/local/bin:/usr/bin:/bin"
        proc = as_user(self.teacher, list(cmd), cwd=home / CLASS, env=env)
        assert proc.returncode == 0, f"{cmd}: {proc.stdout}\n{proc.stderr}"
        return proc

    def stop(self) -> None:
        if self.hub and self.hub.poll() is None:
            self.hub.send_signal(signal.SIGTERM)
            try:
                self.hub.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
        if self.hub:
            self.log.close()

    def remove_accounts(self) -> None:
        for name in [*self.accounts, self.teacher]:
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
            subprocess.run(["userdel", name], capture_output=True)
        for group in self.groups.values():
            subprocess.run(["groupdel", group], capture_output=True)


@pytest.fixture(scope="module")
def school():
    need_hub()
    base = Path(tempfile.mkdtemp(prefix="suyang-school-", dir="/tmp"))
    os.chmod(base, 0o755)
    s = School(base, secrets.token_hex(2))
    # the administrator works from an activated virtualenv, as a developer would: nothing
    # of root's environment may reach the teacher's commands (suyang.school.as_user)
    patch = pytest.MonkeyPatch()
    patch.setenv("VIRTUAL_ENV", sys.prefix)
    try:
        s.install()
        s.passwords = s.add_class()
        s.start()
        yield s
    finally:
        patch.undo()
        s.stop()
        if (base / "hub.log").exists():  # for a failed run: the hub's own account of it
            shutil.copy(base / "hub.log", Path(tempfile.gettempdir()) / "suyang-hub-last.log")
        s.remove_accounts()
        shutil.rmtree(base, ignore_errors=True)


class Student:
    """One student in a browser-less session: logs in with the hub's form, then uses a
    token of their own for the hub's REST API and their own server."""

    def __init__(self, school: School, name: str, password: str) -> None:
        import requests

        self.school, self.name = school, name
        self.http = requests.Session()
        login = self.http.get(f"{school.url}/hub/login")
        xsrf = self.http.cookies.get("_xsrf") or re.search(
            r'name="_xsrf" value="([^"]+)"', login.text).group(1)
        reply = self.http.post(f"{school.url}/hub/login?next=",
                               data={"username": name, "password": password, "_xsrf": xsrf},
                               allow_redirects=False)
        assert reply.status_code == 302, (reply.status_code, school.hub_log())
        made = self.http.post(f"{school.url}/hub/api/users/{name}/tokens",
                              json={"note": "test", "expires_in": 3600},
                              headers={"X-XSRFToken": self.http.cookies.get("_xsrf", xsrf)})
        assert made.status_code == 201, made.text
        self.token = made.json()["token"]
        self.headers = {"Authorization": f"token {self.token}"}

    def hub_api(self, method: str, path: str, **kw):
        import requests

        return requests.request(method, f"{self.school.url}/hub/api{path}",
                                headers=self.headers, timeout=60, **kw)

    def start_server(self, wait: bool = True) -> None:
        reply = self.hub_api("POST", f"/users/{self.name}/server")
        assert reply.status_code in (201, 202), reply.text
        if wait:
            self.wait_server()

    def wait_server(self) -> None:
        for _ in range(240):
            server = self.hub_api("GET", f"/users/{self.name}").json()["servers"].get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{self.name}'s server did not start:\n{self.school.hub_log()}")

    def server(self, method: str, path: str, user: str | None = None, **kw):
        import requests

        return requests.request(method, f"{self.school.url}/user/{user or self.name}{path}",
                                headers=self.headers, timeout=300, allow_redirects=False, **kw)

    def nbgrader(self, action: str, assignment: str = A) -> list[dict]:
        reply = self.server("POST", f"/assignments/{action}",
                            params={"course_id": CLASS, "assignment_id": assignment})
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body.get("success"), body
        return body["value"]


def test_school_server_from_install_to_upgrade(school):
    """One school, in the runbook's order (one test: the steps build on each other)."""
    teacher = Student(school, school.teacher, school.passwords[school.teacher])
    teacher.start_server(wait=False)  # for the look at JupyterLab, after the round trip
    good, bad, course = class_round_trip(school)
    lab_tools_by_role(school, good, teacher)
    limits_and_culling(school)
    backup_and_restore(school, course, {n: scores(course, A, NB, n) for n in (good, bad)})
    upgrade_keeps_everything(school, good, course)


def class_round_trip(school: School) -> tuple[str, str, Path]:
    """Release, fetch, submit, collect, grade with suyang grade, feedback."""
    teacher_home = Path(pwd.getpwnam(school.teacher).pw_dir)
    course = teacher_home / CLASS
    students = [n for n in school.accounts if n != school.teacher]
    assert len(students) == 2 and all(n.startswith("s2024") for n in students)
    # each home belongs to its owner alone; the kit's course is the teacher's
    for name in students:
        home = Path(pwd.getpwnam(name).pw_dir)
        assert home.parent == school.homes and (home.stat().st_mode & 0o777) == 0o700
        assert grp.getgrnam(school.groups["SUYANG_STUDENT_GROUP"]).gr_mem.count(name) == 1
    assert (course / "source" / A / f"{NB}.ipynb").is_file()
    assert course.stat().st_uid == pwd.getpwnam(school.teacher).pw_uid

    # the teacher releases through nbgrader's exchange
    school.as_teacher("nbgrader", "generate_assignment", A, "--force")
    school.as_teacher("nbgrader", "release_assignment", A, "--force")
    assert (school.exchange / CLASS / "outbound" / A / f"{NB}.ipynb").is_file()

    # both students log in with their first passwords and fetch through their servers
    good, bad = (Student(school, n, school.passwords[n]) for n in students)
    source = nbformat.read(course / "source" / A / f"{NB}.ipynb", 4)
    work = {good: references.solution_answers(source),
            bad: SPEC["submissions"][WRONG]["answers"]}
    for student, answers in work.items():
        student.start_server()
        listed = student.nbgrader("fetch")
        assert [a["assignment_id"] for a in listed if a["status"] == "fetched"] == [A]
        # the exchange keeps classes apart: the copy lands in ~/<class>/<assignment>/
        path = f"/api/contents/{CLASS}/{A}/{NB}.ipynb"
        fetched = student.server("GET", path)
        assert fetched.status_code == 200, fetched.text
        release = nbformat.from_dict(fetched.json()["content"])
        # the student's own copy of the kit was put in their home on first start
        assert student.server("GET", "/api/contents/suyang/index.ipynb").status_code == 200
        done = references.materialise(release, source, answers)
        saved = student.server("PUT", path, json={"type": "notebook", "content": done})
        assert saved.status_code == 200, saved.text
        student.nbgrader("submit")
    # a student's token opens nothing of another student's
    assert good.server("GET", "/api/contents", user=bad.name).status_code in (302, 403, 404)
    peek = subprocess.run(["runuser", "-u", good.name, "--", "ls",
                           str(Path(pwd.getpwnam(bad.name).pw_dir))], capture_output=True)
    assert peek.returncode != 0

    # the teacher collects and grades with suyang grade, then returns feedback
    school.as_teacher("nbgrader", "collect", A)
    school.as_teacher("suyang", "grade", A, "--jobs", "2")
    assert scores(course, A, NB, good.name) == SPEC["submissions"]["solution"]["expected"]
    assert scores(course, A, NB, bad.name) == SPEC["submissions"][WRONG]["expected"]
    school.as_teacher("suyang", "feedback", A)
    school.as_teacher("nbgrader", "release_feedback", A)

    # each student fetches feedback: one page, about their own work
    pages = {}
    for student in (good, bad):
        student.nbgrader("fetch_feedback")
        folder = student.server("GET", f"/api/contents/{CLASS}/{A}/feedback").json()["content"]
        assert len(folder) == 1, folder  # one hand-in, one feedback folder
        files = student.server("GET", f"/api/contents/{folder[0]['path']}").json()["content"]
        html = [f for f in files if f["name"].endswith(".html")]
        assert [f["name"] for f in html] == [f"{NB}.html"]
        page = student.server("GET", f"/api/contents/{html[0]['path']}").json()["content"]
        pages[student.name] = page
        assert student.name in page
    other = {good.name: bad.name, bad.name: good.name}
    for name, page in pages.items():
        assert other[name] not in page
    total = {n: sum(v for v in SPEC["submissions"][k]["expected"].values()
                    if isinstance(v, (int, float)))
             for n, k in ((good.name, "solution"), (bad.name, WRONG))}
    assert total[good.name] > total[bad.name]
    for name, page in pages.items():
        shown = re.search(r'class="total" data-score="([^"]+)"', page)
        assert shown and float(shown.group(1)) == total[name], (name, total[name])
    return good.name, bad.name, course


def lab_tools_by_role(school: School, student: str, teacher: Student) -> None:
    """In Chromium, a student's JupyterLab (their running server) has none of nbgrader's
    teacher tools and no news question, and opens the class's assignment list from "作业";
    the teacher's has everything. Both in Chinese, at the kit's index."""
    try:
        need_browser()
    except pytest.skip.Exception:  # (CI fails instead: it must have Chromium)
        return  # a machine without Chromium: the rest of the runbook still runs
    from browser import chromium_page
    from student_lab import assert_student_lab, assert_teacher_lab, open_lab

    teacher.wait_server()  # started before the round trip
    with chromium_page("zh-CN") as page:
        context = page.context.browser.new_context(locale="zh-CN",
                                                   viewport={"width": 1400, "height": 1000})
        pages = {student: page, teacher.name: context.new_page()}
        for name, tab in pages.items():  # each logs in, in a browser of their own, and
            # lands where the hub sends them: their server's default page
            tab.goto(f"{school.url}/hub/login?next=/user/{name}/")
            tab.fill("input[name=username]", name)
            tab.fill("input[name=password]", school.passwords[name])
            tab.click("#login_submit", no_wait_after=True)
        for name, tab in pages.items():  # both pages load side by side
            role = "teacher" if name == teacher.name else "student"
            try:
                open_lab(tab)
                assert f"/user/{name}/lab/tree/suyang/index.ipynb" in tab.url, tab.url
                if role == "teacher":
                    assert_teacher_lab(tab)
                else:
                    assert_student_lab(tab)  # and the class's assignment, via the exchange
                    tab.locator("#nbgrader-assignment-list").get_by_text(A).first.wait_for(
                        timeout=20_000)
            finally:
                ARTEFACTS.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(ARTEFACTS / f"hub-{role}.png"))
        app_hand_in_through_exchange(school, student, page)
        context.close()


def app_hand_in_through_exchange(school: School, name: str, page) -> None:
    """A pupil's whole round trip in the app view: the teacher releases a primary
    assignment; the pupil (logged in, in Chromium) fetches it, opens it as an app on their
    own server (Voilà), answers by clicks only and presses 交作业, which submits it through
    the exchange; the teacher collects it and ``suyang grade`` gives exactly the scores of
    the reference submission with the same answers."""
    from appview import AppPage, answer_by_clicks

    school.as_teacher("nbgrader", "generate_assignment", APP_A, "--force")
    school.as_teacher("nbgrader", "release_assignment", APP_A, "--force")
    pupil = Student(school, name, school.passwords[name])
    assert APP_A in [a["assignment_id"] for a in pupil.nbgrader("fetch", APP_A)
                     if a["status"] == "fetched"]
    nb_name = f"{APP_SPEC['notebook']}.ipynb"
    fetched = nbformat.from_dict(pupil.server(
        "GET", f"/api/contents/{CLASS}/{APP_A}/{nb_name}").json()["content"])
    page.goto(f"{school.url}/user/{name}/voila/render/{CLASS}/{APP_A}/{nb_name}")
    page.locator("button.jupyter-button", has_text="交作业").wait_for(timeout=180_000)
    app = AppPage(page, "zh")
    try:
        assert app.code_editors() == 0
        answer_by_clicks(app, fetched, APP_SPEC["submissions"][APP_ANSWERS]["answers"])
        button = page.locator("button.jupyter-button", has_text="交作业")
        button.scroll_into_view_if_needed()
        button.click()
        assert app.expect({"expect": ["已交，老师会看到", "作业已经送到老师那里"]}) == []
    finally:
        page.screenshot(path=str(ARTEFACTS / "hub-app-handin.png"))
    inbound = list((school.exchange / CLASS / "inbound").glob(f"{name}+{APP_A}+*"))
    assert len(inbound) == 1, "the button's hand-in did not reach the exchange"
    school.as_teacher("nbgrader", "collect", APP_A)
    school.as_teacher("suyang", "grade", APP_A)
    course = Path(pwd.getpwnam(school.teacher).pw_dir) / CLASS
    got = scores(course, APP_A, APP_SPEC["notebook"], name)
    assert got == APP_SPEC["submissions"][APP_ANSWERS]["expected"]


def limits_and_culling(school: School) -> None:
    """systemd enforces the limits on a real server; here the hub's own view is checked."""
    env = read_env(school.etc / "school.env")
    assert env["SUYANG_MEM_LIMIT"].endswith("G") and float(env["SUYANG_CPU_LIMIT"]) > 0
    config = (school.etc / "jupyterhub_config.py").read_text("utf-8")
    for needle in ("SystemdSpawner", "mem_limit", "cpu_limit", "jupyterhub_idle_culler",
                   "allowed_groups", 'authenticator_class = "pam"'):
        assert needle in config
    assert school.hub_services() == ["idle-culler", "suyang-admin"]



def backup_and_restore(school: School, course: Path, graded: dict[str, dict]) -> None:
    """The runbook's backup of the graded course, restored on "another server"."""
    archive = school.base / "backups" / f"{CLASS}.tar.gz"
    suyang = str(school.venv_bin / "suyang")
    made = subprocess.run([suyang, "school", "backup", str(course), "--out", str(archive),
                           "--lang", "zh"], env=school.env(), capture_output=True, text=True)
    assert made.returncode == 0 and "已备份到" in made.stdout, made.stdout + made.stderr
    target = school.base / "restored" / CLASS
    target.parent.mkdir()
    back = subprocess.run([suyang, "school", "restore", str(archive), str(target)],
                          env=school.env(), capture_output=True, text=True)
    assert back.returncode == 0, back.stdout + back.stderr
    for name, expected in graded.items():
        assert scores(target, A, NB, name) == expected
    hand_ins = sorted(p.relative_to(course) for p in (course / "submitted").rglob("*.ipynb"))
    assert hand_ins and hand_ins == sorted(
        p.relative_to(target) for p in (target / "submitted").rglob("*.ipynb"))


def upgrade_keeps_everything(school: School, student: str, course: Path) -> None:
    """The runbook's upgrade: install.sh again, nbgrader db upgrade, restart. Settings,
    tokens, grades and a student's own edits survive; the hub comes back."""
    edited = {"cells": [], "metadata": {"note": "my own index"}, "nbformat": 4,
              "nbformat_minor": 5}
    me = Student(school, student, school.passwords[student])
    saved = me.server("PUT", "/api/contents/suyang/index.ipynb",
                      json={"type": "notebook", "content": edited})
    assert saved.status_code == 200, saved.text
    kept = {f: (school.etc / f).read_text() for f in ("school.env", "service-token")}
    before = scores(course, A, NB, student)
    school.stop()
    school.install()
    school.as_teacher("nbgrader", "db", "upgrade")
    school.start()
    assert {f: (school.etc / f).read_text() for f in kept} == kept
    assert scores(course, A, NB, student) == before
    again = Student(school, student, school.passwords[student])
    again.start_server()
    index = again.server("GET", "/api/contents/suyang/index.ipynb").json()["content"]
    assert index["metadata"].get("note") == "my own index"
