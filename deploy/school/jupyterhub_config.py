# JupyterHub for one school server (a computer room of 30-60 students, no internet needed).
#
# install.sh copies this file to /etc/suyang/jupyterhub_config.py; the hub runs as root
# (systemd unit suyang-hub.service) so it can start each student's server as that
# student's own Linux account. Settings come from /etc/suyang/school.env (see
# school.env.example); the defaults below are what install.sh writes.
#
# - Logins: the server's own Linux accounts (PAM), made per class from the roster CSV by
#   `suyang school add-class`; only members of the students' and teachers' groups may log in.
# - Storage: each account's home (mode 700); the kit's lessons are copied into ~/suyang on
#   first start, and new lessons after an upgrade, never over a student's own edits.
# - Views: a class added with --level primary or seniors opens at the lessons' app view
#   (Voilà: no code, only words, pictures and buttons); other classes at the index in
#   JupyterLab. The index links every lesson both ways.
# - Grading: nbgrader's exchange in /srv/nbgrader/exchange, set for every user by
#   /etc/suyang/jupyter/nbgrader_config.py; teachers grade in their course folder.
# - JupyterLab: a student's has no nbgrader teacher tools (Create Assignment, Formgrader,
#   courses) and no news pop-up; a teacher's has everything. The settings are the kit's
#   own (suyang.lab.lab_settings, as make lab and Binder), written at each start into
#   /etc/suyang/lab/{student,teacher}; members of the teachers' group get the teacher's.
# - Limits: systemd enforces memory and CPU per student (SystemdSpawner, as The Littlest
#   JupyterHub does); where systemd is missing (a container, CI) servers start as plain
#   processes and the limits are only advisory. SUYANG_SPAWNER chooses explicitly.
import grp
import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821


def setting(name, default):
    """A value from the environment (school.env), else the default."""
    return os.environ.get(f"SUYANG_{name}", default)


PREFIX = Path(sys.prefix)  # the kit's virtual environment, e.g. /opt/suyang/venv
STATE = Path(setting("STATE_DIR", "/var/lib/suyang-hub"))
CONFIG_DIR = Path(setting("CONFIG_DIR", "/etc/suyang"))
VIEWS = Path(setting("VIEWS", "/srv/suyang/views"))
LANG = setting("LANG", "zh")
MEM_LIMIT = setting("MEM_LIMIT", "1G")  # from deploy/k8s/README.md's measured peak
CPU_LIMIT = float(setting("CPU_LIMIT", "1.0"))
STUDENTS = setting("STUDENT_GROUP", "suyang-students")
TEACHERS = setting("TEACHER_GROUP", "suyang-teachers")
ADMINS = setting("ADMIN_GROUP", "suyang-admins")

STATE.mkdir(parents=True, exist_ok=True)

# ------------------------------------------------------------------ network and state
c.JupyterHub.bind_url = f"http://{setting('IP', '')}:{setting('PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [shutil.which("configurable-http-proxy")
                                   or "configurable-http-proxy"]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# the whole class logs in at 8:00: start servers 20 at a time rather than all at once
c.JupyterHub.concurrent_spawn_limit = 20
c.JupyterHub.active_server_limit = int(setting("ACTIVE_SERVER_LIMIT", "80"))

# ----------------------------------------------------------------------------- logins
c.JupyterHub.authenticator_class = "pam"
c.LocalAuthenticator.allowed_groups = {STUDENTS, TEACHERS}
# the hub's administrators (a group that does not exist would fail every login)
try:
    grp.getgrnam(ADMINS)
    c.PAMAuthenticator.admin_groups = {ADMINS}
except KeyError:
    pass
# students change their first password in the hub's terminal (passwd); PAM checks it
c.PAMAuthenticator.open_sessions = False

# the school's own tools (backups, the tests) act through the REST API with this token
services, roles = [], []
_token_file = CONFIG_DIR / "service-token"
if _token_file.is_file():
    services.append({"name": "suyang-admin", "api_token": _token_file.read_text().strip()})
    roles.append({"name": "suyang-admin", "services": ["suyang-admin"],
                  "scopes": ["admin:users", "admin:servers", "list:users", "read:users",
                             "tokens", "access:servers", "list:services", "read:services"]})

# -------------------------------------------------------------------- student servers
def write_lab_settings():
    """The students' and the teachers' JupyterLab settings, in the school's language."""
    from suyang.lab import write_lab_settings as write

    for role in ("student", "teacher"):
        write(LANG, teacher=role == "teacher", config_dir=CONFIG_DIR / "lab" / role)
        (CONFIG_DIR / "lab" / role).chmod(0o755)
        (CONFIG_DIR / "lab" / role / "labconfig").chmod(0o755)
    (CONFIG_DIR / "lab").chmod(0o755)


def jupyter_config_path(spawner):
    """A teacher's JupyterLab keeps nbgrader's teacher tools; everyone else's is a
    student's. Both read the exchange's settings in CONFIG_DIR/jupyter."""
    try:
        teacher = spawner.user.name in grp.getgrnam(TEACHERS).gr_mem
    except KeyError:
        teacher = False
    role = "teacher" if teacher else "student"
    return os.pathsep.join([str(CONFIG_DIR / "lab" / role), str(CONFIG_DIR / "jupyter")])


write_lab_settings()
c.Spawner.cmd = [str(PREFIX / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/suyang/index.ipynb"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": jupyter_config_path,  # lab settings by role; the exchange
    "SUYANG_LANG": LANG,
    "SUYANG_EXCHANGE": setting("EXCHANGE", "/srv/nbgrader/exchange"),
    "SUYANG_TIMEZONE": setting("TIMEZONE", "Asia/Shanghai"),
    "PATH": f"{PREFIX / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONUTF8": "1",
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.cpu_limit = CPU_LIMIT

_spawner = setting("SPAWNER", "auto")
if _spawner == "auto":
    _spawner = "systemd" if Path("/run/systemd/system").is_dir() else "local"
if _spawner == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.unit_extra_properties = {"TasksMax": "300"}  # a fork bomb stops here
else:
    c.JupyterHub.spawner_class = "localprocess"


def seed_home(spawner):
    """Before a server starts: copy the kit's lessons into ~/suyang (new files only), and
    open a primary or seniors class at the lessons' app view (Voilà), others in JupyterLab."""
    from suyang.school import seed_home as copy_views
    from suyang.school import start_url

    user = pwd.getpwnam(spawner.user.name)
    views = VIEWS / LANG
    if views.is_dir():
        copy_views(Path(user.pw_dir), views, user.pw_uid, user.pw_gid)
    spawner.default_url = start_url(Path(user.pw_dir))


c.Spawner.pre_spawn_hook = seed_home

# ------------------------------------------------------------------------ idle servers
# a server nobody has used for an hour is stopped, so the next class gets its memory
if setting("CULL", "1") == "1":
    services.append({"name": "idle-culler",
                     "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                                 f"--timeout={setting('CULL_TIMEOUT', '3600')}"]})
    roles.append({"name": "idle-culler", "services": ["idle-culler"],
                  "scopes": ["list:users", "read:users:activity", "read:servers",
                             "delete:servers"]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
