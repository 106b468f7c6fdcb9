#!/usr/bin/env bash
# Install the Suyang school hub on one Debian/Ubuntu server (run as root):
#   sudo deploy/school/install.sh                       # from a checkout of the kit
#   sudo deploy/school/install.sh --wheels /media/usb/wheels   # no internet: see README
# Safe to run again (an upgrade runs it again): settings, tokens, homes, courses and the
# exchange are kept; the kit, its environment and the lesson views are brought up to date.
set -euo pipefail

KIT="$(cd "$(dirname "$0")/../.." && pwd)"
PREFIX=/opt/suyang
CONFIG_DIR=/etc/suyang
VIEWS=/srv/suyang/views
EXCHANGE=/srv/nbgrader/exchange
STATE=/var/lib/suyang-hub
WHEELS=""
SYSTEM=1     # --no-system: skip apt, npm and systemd (containers, the kit's own tests)
PYTHON=/usr/bin/python3

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --config-dir) CONFIG_DIR="$2"; shift 2 ;;
    --views) VIEWS="$2"; shift 2 ;;
    --exchange) EXCHANGE="$2"; shift 2 ;;
    --state) STATE="$2"; shift 2 ;;
    --wheels) WHEELS="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    --no-system) SYSTEM=0; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 1; }

if [ "$SYSTEM" = 1 ]; then
  say "system packages: Python venv, Node.js (for the proxy), CJK fonts"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv nodejs npm fonts-noto-cjk
  command -v configurable-http-proxy >/dev/null || npm install -g configurable-http-proxy
fi

say "the kit into $PREFIX/kit and its environment $PREFIX/venv"
mkdir -p "$PREFIX/kit"
tar -C "$KIT" --exclude=./.venv --exclude=./build --exclude=./.git -cf - . | tar -C "$PREFIX/kit" -xf -
[ -x "$PREFIX/venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/venv"
PIP=("$PREFIX/venv/bin/python" -m pip install --quiet --disable-pip-version-check)
[ -n "$WHEELS" ] && PIP+=(--no-index --find-links "$WHEELS")
"${PIP[@]}" -e "$PREFIX/kit[school]"
chmod -R a+rX "$PREFIX"

say "lesson views (zh, en) into $VIEWS; JupyterLab's language"
# each home gets a copy in ~/suyang: the index links the app view at /user/<login>/...
for lang in zh en; do "$PREFIX/venv/bin/suyang" build --lang "$lang" --out "$VIEWS/$lang" \
  --app-url '/user/{user}/voila/render/suyang/app/' >/dev/null; done
"$PREFIX/venv/bin/python" -c "from suyang.app import install; install()"
chmod -R a+rX "$VIEWS"
LANG_SETTING="$(sed -n 's/^SUYANG_LANG=//p' "$CONFIG_DIR/school.env" 2>/dev/null || true)"
"$PREFIX/venv/bin/python" -c "import sys; from pathlib import Path; from suyang.lab import write_lab_locale; write_lab_locale(sys.argv[1], Path(sys.argv[2]))" "${LANG_SETTING:-zh}" "$PREFIX/venv"

say "settings in $CONFIG_DIR (school.env and the service token are never overwritten)"
mkdir -p "$CONFIG_DIR/jupyter" "$STATE"
install -m 644 "$KIT/deploy/school/jupyterhub_config.py" "$CONFIG_DIR/jupyterhub_config.py"
install -m 644 "$KIT/deploy/school/jupyter/nbgrader_config.py" "$CONFIG_DIR/jupyter/nbgrader_config.py"
if [ ! -f "$CONFIG_DIR/school.env" ]; then
  sed -e "s#^SUYANG_STATE_DIR=.*#SUYANG_STATE_DIR=$STATE#" \
      -e "s#^SUYANG_CONFIG_DIR=.*#SUYANG_CONFIG_DIR=$CONFIG_DIR#" \
      -e "s#^SUYANG_VIEWS=.*#SUYANG_VIEWS=$VIEWS#" \
      -e "s#^SUYANG_EXCHANGE=.*#SUYANG_EXCHANGE=$EXCHANGE#" \
      "$KIT/deploy/school/school.env.example" > "$CONFIG_DIR/school.env"
fi
if [ ! -f "$CONFIG_DIR/service-token" ]; then
  (umask 077; "$PREFIX/venv/bin/python" -c "import secrets; print(secrets.token_hex(32))" > "$CONFIG_DIR/service-token")
fi
chmod 755 "$CONFIG_DIR" "$CONFIG_DIR/jupyter"
chmod 700 "$STATE"

say "nbgrader exchange $EXCHANGE (everyone may write, nobody may remove others' files)"
mkdir -p "$EXCHANGE"
chmod 1777 "$EXCHANGE"
for group in suyang-students suyang-teachers suyang-admins; do
  getent group "$group" >/dev/null || groupadd --system "$group"
done

if [ "$SYSTEM" = 1 ] && [ -d /run/systemd/system ]; then
  say "service suyang-hub (systemd)"
  sed -e "s#/opt/suyang#$PREFIX#g" -e "s#/etc/suyang#$CONFIG_DIR#g" -e "s#/var/lib/suyang-hub#$STATE#g" \
      "$KIT/deploy/school/suyang-hub.service" > /etc/systemd/system/suyang-hub.service
  systemctl daemon-reload
  systemctl enable --now suyang-hub
  systemctl restart suyang-hub
fi
say "done: open http://$(hostname -I 2>/dev/null | awk '{print $1}'):8000 in a browser"
