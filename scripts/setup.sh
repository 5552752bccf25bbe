#!/usr/bin/env bash
# Idempotent set-up for `make run`, `make test` and `make bench`.
# Installs only what is missing, so a second run returns in a second or two:
#   system packages (PostgreSQL, Chromium for the tours, headers python-ldap needs),
#   a running PostgreSQL with a role for the current user,
#   .venv with Odoo's pinned requirements, Odoo itself (editable, from $ODOO_SRC),
#   and this project's own requirements (test tools, OCA addons from PyPI).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
PYTHON=${PYTHON:-python3.11}
VENV=${VENV:-$here/.venv}

say() { printf '[setup] %s\n' "$*"; }

# 1. System packages. Only attempted as root (CI and the developer machines are root);
#    elsewhere we just say what is missing.
need_debs=()
command -v pg_ctlcluster >/dev/null || need_debs+=(postgresql)
command -v chromium >/dev/null || need_debs+=(chromium)
dpkg -s libldap2-dev >/dev/null 2>&1 || need_debs+=(libldap2-dev)
dpkg -s libsasl2-dev >/dev/null 2>&1 || need_debs+=(libsasl2-dev)
dpkg -s libpq-dev >/dev/null 2>&1 || need_debs+=(libpq-dev)
command -v docker-compose >/dev/null || need_debs+=(docker-compose)
if ((${#need_debs[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    say "installing system packages: ${need_debs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_debs[@]}" >/dev/null
  else
    echo "Missing system packages: ${need_debs[*]} (install them with apt-get as root)." >&2
    exit 1
  fi
fi

# 2. PostgreSQL running, and a superuser role for whoever runs Odoo (Odoo refuses 'postgres').
if ! pg_isready -q 2>/dev/null; then
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}')
  if [[ -z $cluster ]]; then
    echo "PostgreSQL is installed but has no cluster; create one with pg_createcluster." >&2
    exit 1
  fi
  say "starting PostgreSQL cluster $cluster"
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start
  for _ in $(seq 30); do pg_isready -q && break; sleep 0.5; done
fi
me=$(id -un)
if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    say "creating PostgreSQL role $me"
    su postgres -c "psql -q -c \"CREATE ROLE \\\"$me\\\" SUPERUSER LOGIN\"" >/dev/null
  else
    echo "PostgreSQL has no role for $me: run  sudo -u postgres createuser -s $me" >&2
    exit 1
  fi
fi

# 3. The virtualenv. A stamp keyed on everything that shapes it lets a second run skip pip.
stamp_key=$( { echo "$ODOO_SRC"; cat "$ODOO_SRC/requirements.txt" "$ODOO_SRC/odoo/release.py" requirements.txt; "$PYTHON" --version; } | sha1sum | cut -c1-16)
stamp="$VENV/.hyc-setup-$stamp_key"
if [[ ! -f $stamp ]]; then
  if [[ ! -x $VENV/bin/python ]]; then
    say "creating $VENV with $("$PYTHON" --version)"
    "$PYTHON" -m venv "$VENV"
  fi
  constraints="$VENV/hyc-build-constraints.txt"
  # Odoo's pinned requirements (gevent, psycopg2 …) only build with an older setuptools.
  echo 'setuptools<70' > "$constraints"
  export PIP_CONSTRAINT=$constraints PIP_DISABLE_PIP_VERSION_CHECK=1
  say "installing Odoo's requirements"
  "$VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt"
  say "installing Odoo from $ODOO_SRC (editable)"
  "$VENV/bin/pip" install -q --no-deps -e "$ODOO_SRC" --config-settings editable_mode=compat
  say "installing the project's requirements"
  # Odoo's own pins stay in force for anything both lists share.
  "$VENV/bin/pip" install -q -r requirements.txt -c "$ODOO_SRC/requirements.txt"
  rm -f "$VENV"/.hyc-setup-*
  touch "$stamp"
fi
