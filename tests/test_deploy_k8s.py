"""The district cluster deployment (deploy/k8s/), validated statically.

No Kubernetes cluster, Helm or Zero to JupyterHub chart is on this machine or in CI, so
nothing here installs the chart or starts a pod. What is checked instead:

- every YAML file parses, and every key path of values.yaml is one the chart's
  values.schema.yaml defines, with a value of the type (or enum member) the schema allows
  there (the list below, copied by hand from the chart's 4.x schema, not the schema itself);
- the per-student memory and CPU in values.yaml are the ones the capacity plan in
  deploy/k8s/README.md states, the memory limit is at least the measured peak, each
  guarantee is at most its limit, and memory is written in units KubeSpawner accepts;
- the users-per-node table in the README is what the benchmark's own arithmetic gives;
- nbgrader's exchange: the ReadWriteMany claim exists, is mounted in every user pod at
  the path the nbgrader config (run with traitlets) names, and that config is the file;
- culling, the image (a registry, a pinned tag, the repo2docker build the README gives),
  the default URL (the index ``suyang build`` writes), the placeholder CronJobs;
- traitlets names set in files are real traits of the installed classes, where the class
  is installed here (jupyter_server, JupyterHub, nbgrader).

`helm lint` and `helm template` run only when helm and a local copy of the chart are
present (SUYANG_Z2JH_CHART=path): they are not, here or in CI.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
VALUES = K8S / "values.yaml"
README = K8S / "README.md"
CHART_VERSION = "4.3.3"

# ------------------------------------------------------------------ the chart's schema
# Key paths of the Zero to JupyterHub chart's jupyterhub/values.schema.yaml (4.x line,
# read at commit 02dd73df of jupyterhub/zero-to-jupyterhub-k8s on 2026-12-07), with the
# types the schema allows. OPEN: the schema accepts any keys below (additionalProperties
# true: k8s-native or traitlets config). "*" stands for a key the schema matches by
# pattern (extraFiles entries).
OPEN = "open"
OBJ = "object"
STR, INT, NUM, BOOL, ARR, NULL = "string", "integer", "number", "boolean", "array", "null"


def enum(*values: Any) -> tuple[str, frozenset]:
    return ("enum", frozenset(values))


SCHEMA: dict[str, Any] = {
    "hub": OBJ,
    "hub.config": OPEN,
    "hub.extraConfig": OPEN,
    "hub.loadRoles": OPEN,
    "hub.resources": OPEN,
    "hub.extraEnv": OPEN,
    "hub.concurrentSpawnLimit": (INT, NULL),
    "hub.activeServerLimit": (INT, NULL),
    "hub.consecutiveFailureLimit": (INT, NULL),
    "hub.db": OBJ,
    "hub.db.type": enum("sqlite-pvc", "sqlite-memory", "mysql", "postgres", "other"),
    "hub.db.url": (STR, NULL),
    "hub.db.pvc": OBJ,
    "hub.db.pvc.storage": (STR,),
    "hub.db.pvc.storageClassName": (STR, NULL),
    "proxy": OBJ,
    "proxy.chp": OBJ,
    "proxy.chp.resources": OPEN,
    "proxy.https": OBJ,
    "proxy.https.enabled": (BOOL, NULL),
    "proxy.https.type": enum(None, "", "letsencrypt", "manual", "offload", "secret"),
    "proxy.https.hosts": (ARR,),
    "proxy.https.secret": OBJ,
    "proxy.https.secret.name": (STR, NULL),
    "proxy.https.secret.key": (STR, NULL),
    "proxy.https.secret.crt": (STR, NULL),
    "proxy.https.letsencrypt": OBJ,
    "proxy.https.letsencrypt.contactEmail": (STR, NULL),
    "singleuser": OBJ,
    "singleuser.image": OBJ,
    "singleuser.image.name": (STR,),
    "singleuser.image.tag": (STR,),
    "singleuser.image.pullPolicy": enum(None, "", "IfNotPresent", "Always", "Never"),
    "singleuser.image.pullSecrets": (ARR,),
    "singleuser.defaultUrl": (STR, NULL),
    "singleuser.cmd": (ARR, STR, NULL),
    "singleuser.uid": (INT, NULL),
    "singleuser.fsGid": (INT, NULL),
    "singleuser.startTimeout": (INT, NULL),
    "singleuser.lifecycleHooks": OBJ,
    "singleuser.lifecycleHooks.postStart": OPEN,
    "singleuser.lifecycleHooks.preStop": OPEN,
    "singleuser.extraEnv": OPEN,
    "singleuser.memory": OBJ,
    "singleuser.memory.limit": (NUM, STR, NULL),
    "singleuser.memory.guarantee": (NUM, STR, NULL),
    "singleuser.cpu": OBJ,
    "singleuser.cpu.limit": (NUM, NULL),
    "singleuser.cpu.guarantee": (NUM, NULL),
    "singleuser.storage": OBJ,
    "singleuser.storage.type": enum("dynamic", "static", "none"),
    "singleuser.storage.capacity": (STR, NULL),
    "singleuser.storage.homeMountPath": (STR,),
    "singleuser.storage.dynamic": OBJ,
    "singleuser.storage.dynamic.storageClass": (STR, NULL),
    "singleuser.storage.dynamic.pvcNameTemplate": (STR, NULL),
    "singleuser.storage.dynamic.volumeNameTemplate": (STR, NULL),
    "singleuser.storage.dynamic.storageAccessModes": (ARR,),
    "singleuser.storage.extraVolumes": (ARR,),
    "singleuser.storage.extraVolumeMounts": (ARR,),
    "singleuser.extraFiles": OBJ,
    "singleuser.extraFiles.*": OBJ,
    "singleuser.extraFiles.*.mountPath": (STR,),
    "singleuser.extraFiles.*.stringData": (STR,),
    "singleuser.extraFiles.*.binaryData": (STR,),
    "singleuser.extraFiles.*.data": OPEN,
    "singleuser.extraFiles.*.mode": (NUM,),
    "singleuser.networkPolicy": OBJ,
    "singleuser.networkPolicy.enabled": (BOOL,),
    "singleuser.networkPolicy.egressAllowRules": OBJ,
    "singleuser.networkPolicy.egressAllowRules.nonPrivateIPs": (BOOL,),
    "singleuser.networkPolicy.egressAllowRules.privateIPs": (BOOL,),
    "singleuser.profileList": (ARR,),
    "scheduling": OBJ,
    "scheduling.userScheduler": OBJ,
    "scheduling.userScheduler.enabled": (BOOL,),
    "scheduling.userScheduler.replicas": (INT,),
    "scheduling.podPriority": OBJ,
    "scheduling.podPriority.enabled": (BOOL,),
    "scheduling.userPlaceholder": OBJ,
    "scheduling.userPlaceholder.enabled": (BOOL,),
    "scheduling.userPlaceholder.replicas": (INT,),
    "scheduling.corePods": OBJ,
    "scheduling.corePods.nodeAffinity": OBJ,
    "scheduling.corePods.nodeAffinity.matchNodePurpose": enum("ignore", "prefer", "require"),
    "scheduling.userPods": OBJ,
    "scheduling.userPods.nodeAffinity": OBJ,
    "scheduling.userPods.nodeAffinity.matchNodePurpose": enum("ignore", "prefer", "require"),
    "prePuller": OBJ,
    "prePuller.hook": OBJ,
    "prePuller.hook.enabled": (BOOL,),
    "prePuller.continuous": OBJ,
    "prePuller.continuous.enabled": (BOOL,),
    "cull": OBJ,
    "cull.enabled": (BOOL,),
    "cull.users": (BOOL, NULL),
    "cull.adminUsers": (BOOL, NULL),
    "cull.removeNamedServers": (BOOL, NULL),
    "cull.timeout": (INT, NULL),
    "cull.every": (INT, NULL),
    "cull.concurrency": (INT, NULL),
    "cull.maxAge": (INT, NULL),
    "custom": OPEN,
    "debug": OBJ,
    "debug.enabled": (BOOL,),
}


def json_type(value: Any) -> str:
    """The JSON-schema type of a YAML value (a bool is not an integer)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return NUM
    if isinstance(value, str):
        return STR
    if isinstance(value, list):
        return ARR
    return OBJ


def schema_entry(path: list[str]) -> tuple[str, Any]:
    """(the schema's key for ``path``, its rule); a missing key raises KeyError."""
    exact = ".".join(path)
    if exact in SCHEMA:
        return exact, SCHEMA[exact]
    if len(path) >= 3 and path[1] == "extraFiles":
        pattern = ".".join([*path[:2], "*", *path[3:]])
        if pattern in SCHEMA:
            return pattern, SCHEMA[pattern]
    raise KeyError(exact)


def problems(node: Any, path: list[str]) -> list[str]:
    """Every key path under ``node`` the schema does not define or types otherwise."""
    found = []
    for key, value in node.items():
        here = [*path, str(key)]
        try:
            name, rule = schema_entry(here)
        except KeyError:
            found.append(f"{'.'.join(here)}: not in the chart's schema")
            continue
        if rule == OPEN:
            continue
        if rule == OBJ:
            if not isinstance(value, dict):
                found.append(f"{name}: must be a mapping")
            else:
                found += problems(value, here)
        elif isinstance(rule, tuple) and rule and rule[0] == "enum":
            if value not in rule[1]:
                found.append(f"{name}: {value!r} is not one of {sorted(map(str, rule[1]))}")
        else:
            kind = json_type(value)
            if not (kind in rule or (kind == INT and NUM in rule)):
                found.append(f"{name}: {kind} where the schema allows {rule}")
    return found


# ------------------------------------------------------------------ helpers

def values() -> dict[str, Any]:
    return yaml.safe_load(VALUES.read_text("utf-8"))


def manifests(name: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((K8S / name).read_text("utf-8")) if d]


def readme() -> str:
    return README.read_text("utf-8")


def readme_figure(label: str, unit: str) -> float:
    """A figure of the README's capacity table: ``| <label> … | <number> <unit> |``."""
    match = re.search(rf"^\|\s*{re.escape(label)}[^|\n]*\|\s*([0-9.]+)\s*{re.escape(unit)}\s*\|",
                      readme(), re.MULTILINE)
    assert match, f"README.md has no capacity-table row '{label}' in {unit}"
    return float(match.group(1))


def kubespawner_bytes(spec: Any) -> int:
    """A KubeSpawner memory figure in bytes: a number, or digits with K, M, G or T.

    KubeSpawner (jupyterhub.traitlets.ByteSpecification) reads "M" as 1024**2 and rejects
    Kubernetes' "Mi"; the same parser as JupyterHub's keeps the two in step.
    """
    from jupyterhub.traitlets import ByteSpecification

    return int(ByteSpecification().validate(None, spec))


def nbgrader_config() -> Any:
    """deploy/k8s/nbgrader_config.py as nbgrader loads it (traitlets config)."""
    from traitlets.config import Config

    config = Config()
    exec(compile((K8S / "nbgrader_config.py").read_text("utf-8"), "nbgrader_config.py",
                 "exec"), {"get_config": lambda: config})
    return config


def load_benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "student_load", ROOT / "benchmarks" / "student_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["student_load"] = module
    spec.loader.exec_module(module)
    return module


MiB = 1024 * 1024


# ------------------------------------------------------------------ the tests

def test_every_yaml_file_parses():
    for path in sorted(K8S.glob("*.yaml")):
        docs = [d for d in yaml.safe_load_all(path.read_text("utf-8")) if d]
        assert docs, path.name
        assert all(isinstance(d, dict) for d in docs), path.name


def test_every_key_is_in_the_chart_schema_with_an_allowed_type():
    assert problems(values(), []) == []


def test_the_schema_check_catches_a_typo_and_a_wrong_type():
    bad = {"singleuser": {"memory": {"limt": "1G"}, "cpu": {"limit": "one"},
                          "storage": {"type": "nfs"}}, "cull": {"enabled": "yes"}}
    assert sorted(problems(bad, [])) == sorted([
        "singleuser.memory.limt: not in the chart's schema",
        "singleuser.cpu.limit: string where the schema allows ('number', 'null')",
        "singleuser.storage.type: 'nfs' is not one of ['dynamic', 'none', 'static']",
        "cull.enabled: string where the schema allows ('boolean',)",
    ])


def test_values_name_the_chart_version_the_schema_list_comes_from():
    text = VALUES.read_text("utf-8")
    assert f"--version {CHART_VERSION}" in text
    assert f"--version {CHART_VERSION}" in readme()


def test_memory_is_the_measured_figures_and_fits_the_peak():
    mem = values()["singleuser"]["memory"]
    guarantee, limit = kubespawner_bytes(mem["guarantee"]), kubespawner_bytes(mem["limit"])
    peak = readme_figure("peak memory per active student", "MiB") * MiB
    assert guarantee == readme_figure("memory guarantee per student", "MiB") * MiB
    assert limit == readme_figure("memory limit per student", "MiB") * MiB
    assert guarantee <= limit
    assert limit >= peak
    # a class runs the same cell at the same moment: the guarantee covers everyone's peak
    assert guarantee >= peak
    for spec in (mem["guarantee"], mem["limit"]):
        assert isinstance(spec, int) or re.fullmatch(r"\d+(\.\d+)?[KMGT]", spec), spec


def test_cpu_is_the_measured_figures():
    cpu = values()["singleuser"]["cpu"]
    assert cpu["guarantee"] == readme_figure("CPU guarantee per student", "cores")
    assert cpu["limit"] == readme_figure("CPU limit per student", "cores")
    assert 0 < cpu["guarantee"] <= cpu["limit"]
    # the measured class average is far below the guarantee (bursts set it, not the mean)
    assert readme_figure("CPU per student averaged over a 40-minute class", "cores") \
        < cpu["guarantee"]


def test_users_per_node_table_is_the_benchmarks_arithmetic():
    bench = load_benchmark()
    guarantee = kubespawner_bytes(values()["singleuser"]["memory"]["guarantee"])
    cpu = values()["singleuser"]["cpu"]["guarantee"]
    avg = readme_figure("CPU per student averaged over a 40-minute class", "cores")
    start = readme_figure("CPU to start a server and the first cell", "CPU s")
    students = int(readme_figure("students active at once", "students"))
    rows = re.findall(r"^\|\s*(\d+) vCPU / (\d+) GiB\s*\|([^\n]*)\|\s*$", readme(), re.MULTILINE)
    assert len(rows) >= 3, "README.md: the users-per-node table"
    for vcpu, gib, rest in rows:  # the English table and the Chinese one
        cells = [c.strip() for c in rest.split("|")]
        got = bench.node_capacity(int(vcpu), int(gib), guarantee, cpu, avg, start, students)
        assert [int(c) for c in cells[1:5]] == [got["by_memory"], got["by_cpu_guarantee"],
                                                got["users"], got["nodes_for_students"]], \
            (vcpu, gib, cells, got)


def test_exchange_is_a_shared_volume_mounted_where_nbgrader_looks():
    storage = values()["singleuser"]["storage"]
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"]
              for v in storage["extraVolumes"] if "persistentVolumeClaim" in v}
    mounts = {m["name"]: m["mountPath"] for m in storage["extraVolumeMounts"]}
    root = nbgrader_config().Exchange.root
    assert root == "/srv/nbgrader/exchange"
    volume = next(name for name, path in mounts.items() if path == root)
    pvc = next(d for d in manifests("exchange-pvc.yaml") if d["kind"] == "PersistentVolumeClaim")
    assert claims[volume] == pvc["metadata"]["name"]
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    job = next(d for d in manifests("exchange-pvc.yaml") if d["kind"] == "Job")
    pod = job["spec"]["template"]["spec"]
    assert pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == pvc["metadata"]["name"]
    assert pod["containers"][0]["volumeMounts"][0]["mountPath"] == root
    assert f"chmod 1777 {root}" in " ".join(pod["containers"][0]["command"])


def test_nbgrader_config_in_the_pods_is_the_file():
    files = values()["singleuser"]["extraFiles"]
    entry = files["nbgrader-config"]
    assert entry["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    assert entry["stringData"] == (K8S / "nbgrader_config.py").read_text("utf-8")
    config = nbgrader_config()
    from nbgrader.auth.base import Authenticator
    from nbgrader.exchange.default.exchange import Exchange

    for section, cls in (("Exchange", Exchange), ("Authenticator", Authenticator)):
        assert set(config[section]) <= set(cls.class_traits(config=True)), section
    assert config.Authenticator.plugin_class == "nbgrader.auth.JupyterHubAuthPlugin"
    # that plugin reads the user's groups with the server's token: the role must allow it
    scopes = values()["hub"]["loadRoles"]["server"]["scopes"]
    assert "read:users:groups!user" in scopes
    assert {"users:activity!user", "access:servers!server"} <= set(scopes)


def test_kernel_culling_file_names_real_traits():
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    entry = values()["singleuser"]["extraFiles"]["kernel-culling"]
    assert entry["mountPath"].startswith("/etc/jupyter/jupyter_server_config.d/")
    assert entry["mountPath"].endswith(".json")
    settings = entry["data"]["MappingKernelManager"]
    assert set(settings) <= set(MappingKernelManager.class_traits(config=True))
    assert settings["cull_idle_timeout"] > 0 and settings["cull_interval"] > 0
    json.dumps(entry["data"])


def test_idle_servers_are_culled_after_the_lesson_not_during_it():
    cull = values()["cull"]
    assert cull["enabled"] is True
    assert cull["timeout"] >= 40 * 60     # a student reading for a whole lesson stays
    assert cull["timeout"] <= 2 * 3600    # an abandoned server frees its node soon after
    assert 0 < cull["every"] < cull["timeout"]
    assert cull.get("users") is not True  # users (and their volumes) are never deleted


def test_image_is_pinned_and_built_as_the_readme_says():
    image = values()["singleuser"]["image"]
    registry = image["name"].split("/")[0]
    assert "." in registry or ":" in registry, "name the registry the cluster pulls from"
    assert image["tag"] and image["tag"] != "latest"
    assert "jupyter-repo2docker" in readme()
    command = re.search(r"jupyter-repo2docker [^\n]*(?:\\\n[^\n]*)*", readme()).group(0)
    assert "--target-repo-dir /srv/suyang" in command
    assert f"--image-name {image['name']}:" in command
    assert "--no-run" in command


def test_default_url_opens_the_chinese_index_the_build_writes(tmp_path):
    from suyang.build import build

    written = build("zh", out=tmp_path / "zh")
    assert written[-1] == tmp_path / "zh" / "index.ipynb"
    single = values()["singleuser"]
    hook = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    # the image keeps the views in /srv/suyang/build/zh; the hook copies them to ~/suyang/zh
    assert "cp -Rn /srv/suyang/build/zh ~/suyang/" in hook
    assert single["defaultUrl"] == "/lab/tree/suyang/zh/index.ipynb"
    assert single["storage"]["homeMountPath"] == "/home/jovyan"
    assert values()["hub"]["config"]["Spawner"]["notebook_dir"] == "/home/jovyan"
    assert single["extraEnv"]["SUYANG_LANG"] == "zh"


def run_extra_config(name: str, custom: dict[str, Any]) -> Any:
    """Run one hub.extraConfig snippet as the chart's jupyterhub_config.py would."""
    from traitlets.config import Config

    config = Config()

    def get_config(key: str, default: Any = None) -> Any:
        node: Any = {"custom": custom}
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    code = values()["hub"]["extraConfig"][name]
    exec(compile(code, name, "exec"), {"c": config, "get_config": get_config})
    return config


class FakeUser:
    def __init__(self, user_id: int, groups: list[str]) -> None:
        self.id = user_id
        self.groups = [type("Group", (), {"name": g})() for g in groups]


class FakeSpawner:
    def __init__(self, user: FakeUser) -> None:
        self.user = user


def test_hub_extra_config_gives_each_user_a_uid_and_teachers_a_profile():
    import asyncio

    custom = values()["custom"]
    uid = run_extra_config("suyang-uid.py", custom).KubeSpawner.uid
    assert uid(FakeSpawner(FakeUser(7, []))) == 100007
    assert uid(FakeSpawner(FakeUser(8, []))) != uid(FakeSpawner(FakeUser(7, [])))
    off = run_extra_config("suyang-uid.py", {"suyang": {"perUserUid": False}})
    assert "uid" not in off.KubeSpawner
    profiles = run_extra_config("suyang-profiles.py", custom).KubeSpawner.profile_list
    teacher = asyncio.run(profiles(FakeSpawner(FakeUser(1, ["teachers"]))))
    student = asyncio.run(profiles(FakeSpawner(FakeUser(2, ["students"]))))
    assert student == []
    assert [p.get("default", False) for p in teacher] == [True, False]
    grading = teacher[1]["kubespawner_override"]
    assert kubespawner_bytes(grading["mem_limit"]) > kubespawner_bytes(
        values()["singleuser"]["memory"]["limit"])
    assert kubespawner_bytes(grading["mem_guarantee"]) <= kubespawner_bytes(grading["mem_limit"])
    assert grading["cpu_guarantee"] <= grading["cpu_limit"]


def test_hub_traitlets_that_are_installed_here_exist():
    from jupyterhub.app import JupyterHub
    from jupyterhub.spawner import Spawner

    config = values()["hub"]["config"]
    assert set(config["JupyterHub"]) <= set(JupyterHub.class_traits(config=True))
    assert set(config["Spawner"]) <= set(Spawner.class_traits(config=True))


def test_placeholders_are_scaled_before_the_first_lesson():
    sched = values()["scheduling"]
    assert sched["userPlaceholder"]["enabled"] and sched["podPriority"]["enabled"]
    assert sched["userScheduler"]["enabled"]
    docs = manifests("placeholder-schedule.yaml")
    role = next(d for d in docs if d["kind"] == "Role")
    assert role["rules"][0]["resourceNames"] == ["user-placeholder"]
    jobs = {d["metadata"]["name"]: d for d in docs if d["kind"] == "CronJob"}
    morning = jobs["placeholders-morning"]["spec"]
    assert morning["timeZone"] == "Asia/Shanghai"
    assert morning["schedule"].split()[:2] == ["30", "7"]
    command = morning["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"]
    assert "statefulset/user-placeholder" in command
    replicas = int(next(a for a in command if a.startswith("--replicas=")).split("=")[1])
    students = readme_figure("students active at once", "students")
    assert 0 < replicas <= students


def test_readme_says_what_was_measured_and_what_was_not_run():
    text = readme()
    assert "python benchmarks/student_load.py" in text
    assert "2026-12-07" in text and "2 cores" in text
    assert "not run here" in text
    assert "写给区/校信息中心" in text
    assert "静态" in text  # the Chinese section says the same: checked statically only


@pytest.mark.skipif(not (shutil.which("helm") and os.environ.get("SUYANG_Z2JH_CHART")),
                    reason="helm and a local copy of the chart (SUYANG_Z2JH_CHART) are absent")
def test_helm_lint_and_template_with_the_real_chart():
    chart = os.environ["SUYANG_Z2JH_CHART"]
    for verb in ("lint", "template"):
        proc = subprocess.run(["helm", verb, chart, "--values", str(VALUES)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-2000:]
