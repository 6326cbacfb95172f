# shellcheck shell=bash
# Shared by setup/run and setup/test (sourced, not executed): find Odoo and
# the Python that runs it, install our Python requirements into that Python,
# start (or reuse) PostgreSQL, write the Odoo config, list our modules and
# create/update a database with them.
#
# Environment (all optional):
#   ODOO_BIN             path to an odoo / odoo-bin executable
#   PGHOST [PGPORT ...]  use this PostgreSQL server instead of the private one
#   PG_BINDIR            directory holding initdb/pg_ctl/postgres (private server)
#   SERIAL_EXTRA_ADDONS  extra addons directories (':'-separated) whose modules
#                        are installed and tested like ours
#   SERIAL_MODULES       only these of our modules (comma-separated), e.g.
#                        serial_lifecycle; default: all of them

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
SETUP_DIR=$REPO_ROOT/setup
LOCAL_DIR=$REPO_ROOT/.local       # generated config, logs, Odoo data_dir
PG_DATA=$REPO_ROOT/.pgdata        # private PostgreSQL cluster
PG_PORT=5432                      # only names the Unix socket: no TCP listener
ODOO_CONF=$LOCAL_DIR/odoo.conf

log() { printf '[setup] %s\n' "$*" >&2; }
die() {
    printf '[setup] ERROR: %s\n' "$*" >&2
    exit 1
}
join_by() {
    local IFS=$1
    shift
    echo "$*"
}

# ---------------------------------------------------------------- Odoo ----

# Print the Python interpreter named by the '#!' line of script $1
# (follows '#!/usr/bin/env python3'). Fails if there is none.
script_python() {
    local line interp word
    local -a words
    IFS= read -r line <"$1" 2>/dev/null || return 1
    [[ $line == '#!'* ]] || return 1
    read -r -a words <<<"${line#\#!}"
    ((${#words[@]})) || return 1
    interp=${words[0]}
    if [[ $(basename "$interp") == env ]]; then
        interp=""
        for word in "${words[@]:1}"; do
            [[ $word == -* || $word == *=* ]] && continue # env options, VAR=value
            interp=$(command -v "$word") || return 1
            break
        done
    fi
    [[ -n $interp && -x $interp ]] || return 1
    echo "$interp"
}

odoo_missing_message() {
    cat <<'EOF'
Odoo 18.0 was not found. Install Odoo 18.0 Community (or Enterprise) on
Python 3.12 with the packages of its requirements.txt, as Odoo's documentation
describes, then either put its `odoo` (or `odoo-bin`) executable on PATH or
set ODOO_BIN=/path/to/odoo-bin.
EOF
}

# Sets ODOO_CMD (array: how to start Odoo) and ODOO_PYTHON (the Python that
# runs it, where our Python requirements go).
find_odoo() {
    local exe="" py version
    ODOO_CMD=()
    ODOO_PYTHON=""
    if [[ -n ${ODOO_BIN:-} ]]; then
        [[ -f $ODOO_BIN && -x $ODOO_BIN ]] || die "ODOO_BIN=$ODOO_BIN is not an executable file"
        exe=$ODOO_BIN
    else
        exe=$(command -v odoo || command -v odoo-bin || true)
    fi
    if [[ -n $exe ]]; then
        ODOO_PYTHON=$(script_python "$exe") ||
            die "cannot tell which Python runs $exe (its first line is not a '#!' naming a Python); set ODOO_BIN to Odoo's odoo-bin script"
        ODOO_CMD=("$exe")
    else
        # No executable: a Python where `import odoo` works, run as `python -m odoo`.
        for py in python3.12 python3 python; do
            py=$(command -v "$py") || continue
            if "$py" -c 'import odoo.cli' >/dev/null 2>&1; then
                ODOO_PYTHON=$py
                ODOO_CMD=("$py" -m odoo)
                break
            fi
        done
    fi
    ((${#ODOO_CMD[@]})) || die "$(odoo_missing_message)"
    # odoo-bin in a source checkout (git clone, pip install -r requirements.txt,
    # ./odoo-bin, as Odoo's documentation describes): the odoo package sits
    # beside it, not in the Python's site-packages.
    if [[ -n $exe && -f $(dirname "$(readlink -f "$exe")")/odoo/__init__.py ]] &&
        ! "$ODOO_PYTHON" -c 'import odoo' >/dev/null 2>&1; then
        PYTHONPATH="$(dirname "$(readlink -f "$exe")")${PYTHONPATH:+:$PYTHONPATH}"
        export PYTHONPATH
    fi
    "$ODOO_PYTHON" -c 'import odoo' >/dev/null 2>&1 ||
        die "$exe starts $ODOO_PYTHON (its '#!' line), where 'import odoo' fails: activate the virtualenv holding Odoo (so that its python3 comes first on PATH), or set ODOO_BIN to that virtualenv's bin/odoo"
    # stderr dropped: Odoo warns there when run as root.
    version=$("${ODOO_CMD[@]}" --version 2>/dev/null || true)
    [[ $version =~ ^Odoo\ Server\ 18\.0([^0-9]|$) ]] ||
        die "${ODOO_CMD[*]} --version says '${version:-nothing}', need 'Odoo Server 18.0'. $(odoo_missing_message)"
    log "Odoo: ${ODOO_CMD[*]} ($version, Python $ODOO_PYTHON)"
}

# Install setup/requirements.txt into ODOO_PYTHON when something is missing
# (checked offline first, so a complete environment needs no network).
ensure_python_deps() {
    local req=$SETUP_DIR/requirements.txt missing
    missing=$("$ODOO_PYTHON" - "$req" <<'PY'
import re, sys
import importlib.metadata as md
try:
    from packaging.requirements import Requirement
except ImportError:
    try:
        from pip._vendor.packaging.requirements import Requirement
    except ImportError:
        Requirement = None
missing = []
for line in open(sys.argv[1]):
    line = line.split('#', 1)[0].strip()
    if not line:
        continue
    if Requirement:
        req = Requirement(line)
        name, spec = req.name, req.specifier
    else:
        name, spec = re.match(r'[A-Za-z0-9._-]+', line).group(0), None
    try:
        version = md.version(name)
    except md.PackageNotFoundError:
        missing.append(line)
        continue
    if spec and not spec.contains(version, prereleases=True):
        missing.append(line)
print(' '.join(missing))
PY
    ) || die "could not check the Python packages of $ODOO_PYTHON"
    [[ -z $missing ]] && return 0
    log "installing into $ODOO_PYTHON: $missing"
    "$ODOO_PYTHON" -m pip install -r "$req" ||
        die "'$ODOO_PYTHON -m pip install -r $req' failed; install those packages into the Python that runs Odoo"
}

# -------------------------------------------------------------- browser ----

# Odoo's HttpCase looks for these names on PATH (odoo/tests/common.py
# _find_executable) and silently SKIPS browser tests when none is found.
require_browser() {
    local b
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        if command -v "$b" >/dev/null; then
            # shellcheck disable=SC2034 # used by setup/test
            BROWSER_BIN=$(command -v "$b")
            return 0
        fi
    done
    die "the browser tests need Chromium or Google Chrome on PATH (Debian: apt-get install chromium); none of google-chrome, chromium, chromium-browser, google-chrome-stable was found"
}

require_websocket() {
    "$ODOO_PYTHON" -c 'import websocket' >/dev/null 2>&1 ||
        die "'import websocket' fails in $ODOO_PYTHON: the browser tests need websocket-client ($ODOO_PYTHON -m pip install websocket-client)"
}

# ----------------------------------------------------------- PostgreSQL ----

# Run SQL through psycopg2 (an Odoo requirement, so always there; no psql
# needed for an external server). Connection from PGHOST/PGPORT/PGUSER/...
# Usage: pg_sql DBNAME QUERY [PARAM...]   (PARAMs fill %s placeholders)
# Prints rows tab-separated.
pg_sql() {
    "$ODOO_PYTHON" - "$@" <<'PY'
import sys
import psycopg2
db, query, *params = sys.argv[1:]
try:
    conn = psycopg2.connect(dbname=db)
except psycopg2.OperationalError as e:
    sys.exit(f"cannot connect to database {db!r}: {str(e).strip()}")
conn.autocommit = True  # CREATE/DROP DATABASE refuse to run in a transaction
with conn.cursor() as cr:
    cr.execute(query, params or None)
    if cr.description:
        for row in cr.fetchall():
            print('\t'.join('' if v is None else str(v) for v in row))
conn.close()
PY
}

pg_ident() { # quote an SQL identifier
    printf '"%s"' "${1//\"/\"\"}"
}

# Run a command as the OS user owning the private cluster: the server refuses
# to run as root, so root delegates to the `postgres` OS user.
as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

find_pg_bindir() {
    local initdb
    if [[ -z ${PG_BINDIR:-} ]]; then
        if initdb=$(command -v initdb); then
            PG_BINDIR=$(dirname "$(readlink -f "$initdb")")
        else
            # Debian keeps the server binaries off PATH.
            PG_BINDIR=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        fi
    fi
    [[ -n $PG_BINDIR && -x $PG_BINDIR/initdb && -x $PG_BINDIR/pg_ctl && -x $PG_BINDIR/postgres ]] ||
        die "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install PostgreSQL 15 (Debian: apt-get install postgresql-15), set PG_BINDIR to their directory, or set PGHOST to use a running server"
}

# A Unix socket path is limited to 107 bytes; a deep checkout cannot hold its
# socket in .pgdata, so fall back to a per-checkout directory under /tmp.
pg_socket_dir() {
    local sock=$PG_DATA/.s.PGSQL.$PG_PORT
    if ((${#sock} <= 107)); then
        echo "$PG_DATA"
    else
        echo "/tmp/serial-pg-$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-12)"
    fi
}

# The postgres OS user must be able to reach $1 through every parent directory.
# Walks down from /, so that a blocking directory is fixed before its children
# are looked at.
ensure_traversable() {
    ((EUID == 0)) || return 0
    local d=$1 i
    local -a parents=()
    while [[ $d != / ]]; do
        d=$(dirname "$d")
        parents+=("$d")
    done
    for ((i = ${#parents[@]} - 1; i >= 0; i--)); do
        d=${parents[i]}
        if ! runuser -u postgres -- test -x "$d"; then
            log "chmod o+x $d (the postgres OS user must reach $1)"
            chmod o+x "$d"
        fi
    done
}

start_private_pg() {
    local pg_owner me locale
    find_pg_bindir
    me=$(id -un)
    if ((EUID == 0)); then
        id postgres >/dev/null 2>&1 ||
            die "PostgreSQL refuses to run as root and there is no 'postgres' OS user (Debian's postgresql-15 package creates it)"
        pg_owner=postgres
    else
        pg_owner=$me
    fi
    PG_SOCKET_DIR=$(pg_socket_dir)

    mkdir -p "$PG_DATA"
    ((EUID == 0)) && chown postgres: "$PG_DATA"
    chmod 700 "$PG_DATA"
    ensure_traversable "$PG_DATA"
    if [[ $PG_SOCKET_DIR != "$PG_DATA" ]]; then
        mkdir -p "$PG_SOCKET_DIR"
        ((EUID == 0)) && chown postgres: "$PG_SOCKET_DIR"
        chmod 755 "$PG_SOCKET_DIR"
    fi

    if [[ ! -f $PG_DATA/PG_VERSION ]]; then
        log "creating a private PostgreSQL cluster in $PG_DATA"
        locale=C
        locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' && locale=C.UTF-8
        as_pg "$PG_BINDIR/initdb" -D "$PG_DATA" --auth=trust --encoding=UTF8 --locale="$locale" >"$LOCAL_DIR/initdb.log" 2>&1 ||
            die "initdb failed, see $LOCAL_DIR/initdb.log"
        echo "include_if_exists = 'serial_setup.conf'" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
    fi

    if as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        log "reusing the private PostgreSQL server of $PG_DATA"
    else
        # Rewritten at each start: the socket directory depends on where the
        # checkout is. fsync etc. off: a throwaway dev/test cluster (after a
        # machine crash, delete .pgdata and run again).
        as_pg tee "$PG_DATA/serial_setup.conf" >/dev/null <<EOF
# written by setup/lib.sh before each start
listen_addresses = ''
unix_socket_directories = '${PG_SOCKET_DIR//\'/\'\'}'
port = $PG_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        log "starting the private PostgreSQL server (socket in $PG_SOCKET_DIR, log $PG_DATA/server.log)"
        as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 120 -s start || {
            tail -n 20 "$PG_DATA/server.log" >&2 || true
            die "could not start PostgreSQL in $PG_DATA"
        }
    fi

    export PGHOST=$PG_SOCKET_DIR PGPORT=$PG_PORT
    PGUSER=$pg_owner pg_sql postgres 'select 1' >/dev/null ||
        die "the private PostgreSQL server does not answer on $PG_SOCKET_DIR (stop it: ${PG_BINDIR}/pg_ctl -D $PG_DATA stop, as $pg_owner, and retry)"
    # Odoo connects as the OS user's role (it refuses the `postgres` role).
    if [[ -z $(PGUSER=$pg_owner pg_sql postgres 'select 1 from pg_roles where rolname = %s' "$me") ]]; then
        log "creating PostgreSQL role $me"
        PGUSER=$pg_owner pg_sql postgres "create role $(pg_ident "$me") superuser login" >/dev/null
    fi
}

# Sets and exports PGHOST/PGPORT; ODOO_DB_ARGS carries them to Odoo.
setup_postgres() {
    [[ ${PGUSER:-} == postgres ]] && die "PGUSER=postgres: Odoo refuses to connect as the postgres role; unset PGUSER or use another role"
    mkdir -p "$LOCAL_DIR"
    if [[ -n ${PGHOST:-} ]]; then
        export PGHOST
        [[ -n ${PGPORT:-} ]] && export PGPORT
        log "using the PostgreSQL server of PGHOST=$PGHOST${PGPORT:+ PGPORT=$PGPORT}"
        pg_sql postgres 'select 1' >/dev/null ||
            die "cannot reach PostgreSQL via PGHOST=$PGHOST (check PGHOST, PGPORT, PGUSER, PGPASSWORD; the role needs CREATEDB)"
    else
        start_private_pg
    fi
    ODOO_DB_ARGS=(--db_host="$PGHOST")
    [[ -n ${PGPORT:-} ]] && ODOO_DB_ARGS+=(--db_port="$PGPORT")
    return 0
}

db_exists() {
    [[ -n $(pg_sql postgres 'select 1 from pg_database where datname = %s' "$1") ]]
}

drop_db() {
    local db=$1
    if db_exists "$db"; then
        log "dropping database $db"
        pg_sql postgres 'select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()' "$db" >/dev/null
        pg_sql postgres "drop database if exists $(pg_ident "$db")" >/dev/null
    fi
    rm -rf "${LOCAL_DIR:?}/data/filestore/$db"
}

# ------------------------------------------------------- modules, config ----

# Sets MODULE_NAMES / MODULE_DIRS (our installable modules: top-level
# directories with a __manifest__.py, plus those in SERIAL_EXTRA_ADDONS) and
# ADDONS_PATHS (Odoo's own addons + the directories holding ours).
discover_modules() {
    local -a roots=("$REPO_ROOT") extra
    local dir name path
    if [[ -n ${SERIAL_EXTRA_ADDONS:-} ]]; then
        IFS=: read -r -a extra <<<"$SERIAL_EXTRA_ADDONS"
        for dir in "${extra[@]}"; do
            [[ -n $dir ]] || continue
            [[ -d $dir ]] || die "SERIAL_EXTRA_ADDONS: $dir is not a directory"
            roots+=("$(cd "$dir" && pwd -P)")
        done
    fi
    MODULE_NAMES=()
    MODULE_DIRS=()
    BRIDGE_NAMES=()
    BRIDGE_DIRS=()
    local kind
    while IFS=$'\t' read -r kind name path; do
        if [[ $kind == bridge ]]; then
            BRIDGE_NAMES+=("$name")
            BRIDGE_DIRS+=("$path")
        else
            MODULE_NAMES+=("$name")
            MODULE_DIRS+=("$path")
        fi
    done < <("$ODOO_PYTHON" - "$SETUP_DIR/requirements-oca.txt" "${roots[@]}" <<'PY'
import ast, os, re, sys
# OCA add-ons of setup/requirements-oca.txt (odoo-addon-<name>): a module of
# ours depending on one of them is a bridge, installed only where they are.
oca = set()
for line in open(sys.argv[1]):
    m = re.match(r'\s*odoo-addon-([A-Za-z0-9_]+)', line)
    if m:
        oca.add(m.group(1))
seen = {}
for root in sys.argv[2:]:
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        manifest = os.path.join(path, '__manifest__.py')
        if name.startswith('.') or not os.path.isfile(manifest):
            continue
        try:
            data = ast.literal_eval(open(manifest).read())
        except Exception as e:
            sys.exit(f'{manifest}: not a readable manifest: {e}')
        if not data.get('installable', True):
            continue
        if name in seen:
            sys.exit(f'module {name} found twice: {seen[name]} and {path}')
        seen[name] = path
        kind = 'bridge' if oca & set(data.get('depends', [])) else 'module'
        print(f'{kind}\t{name}\t{path}')
PY
    )
    ((${#MODULE_NAMES[@]})) ||
        die "no installable Odoo module (directory with a __manifest__.py) in ${roots[*]}"
    if [[ -n ${SERIAL_MODULES:-} ]]; then
        select_modules "$SERIAL_MODULES"
    fi

    # Odoo's own addons: <odoo package>/addons and, in a source checkout,
    # the sibling addons/ directory.
    ADDONS_PATHS=()
    while IFS= read -r path; do ADDONS_PATHS+=("$path"); done < <("$ODOO_PYTHON" - <<'PY'
import os, odoo
pkg = os.path.dirname(os.path.abspath(odoo.__file__))
for path in (os.path.join(os.path.dirname(pkg), 'addons'), os.path.join(pkg, 'addons')):
    if os.path.isdir(path) and any(os.path.isfile(os.path.join(path, m, '__manifest__.py')) for m in ('web', 'base')):
        print(path)
PY
    )
    ADDONS_PATHS+=("${roots[@]}")
    log "modules: ${MODULE_NAMES[*]}"
    ((${#BRIDGE_NAMES[@]} == 0)) || log "bridges to OCA add-ons: ${BRIDGE_NAMES[*]}"
}

# ------------------------------------------------------------ OCA add-ons ----

# OCA's add-ons of setup/requirements-oca.txt (stock_barcodes, rma, rma_lot and
# their dependencies) go into this directory, not into the Python running Odoo:
# their wheels hold an odoo/addons/ directory, which in site-packages would hide
# an Odoo installed in development mode (pip install -e).
OCA_TARGET=$LOCAL_DIR/oca-addons
OCA_ADDONS_DIR=$OCA_TARGET/odoo/addons

# Install the pinned OCA wheels into OCA_TARGET when one is missing or at
# another version (checked offline first), and put them on the addons path.
ensure_oca_addons() {
    local req=$SETUP_DIR/requirements-oca.txt missing
    missing=$("$ODOO_PYTHON" - "$req" "$OCA_TARGET" <<'PY'
import re, sys
import importlib.metadata as md
req, target = sys.argv[1:]
norm = lambda name: re.sub(r'[-_.]+', '-', name).lower()
have = {(norm(d.metadata['Name']), d.version) for d in md.distributions(path=[target])}
missing = []
for line in open(req):
    line = line.split('#', 1)[0].strip()
    if not line:
        continue
    name, _, version = line.partition('==')
    if (norm(name), version) not in have:
        missing.append(line)
print(' '.join(missing))
PY
    ) || die "could not check the OCA add-ons in $OCA_TARGET"
    if [[ -n $missing ]]; then
        log "installing OCA add-ons into $OCA_TARGET: $missing"
        "$ODOO_PYTHON" -m pip install --quiet --no-deps --upgrade --target "$OCA_TARGET" -r "$req" ||
            die "'$ODOO_PYTHON -m pip install --no-deps --target $OCA_TARGET -r $req' failed (network?); SERIAL_TEST_OCA=0 skips the tests with OCA's add-ons"
    fi
    [[ -d $OCA_ADDONS_DIR ]] || die "$OCA_ADDONS_DIR is missing after installing $req"
    "$ODOO_PYTHON" "$SETUP_DIR/oca_compat.py" "$OCA_ADDONS_DIR" >&2 ||
        die "setup/oca_compat.py could not adapt the OCA add-ons in $OCA_ADDONS_DIR"
    [[ " ${ADDONS_PATHS[*]} " == *" $OCA_ADDONS_DIR "* ]] || ADDONS_PATHS+=("$OCA_ADDONS_DIR")
}

# Keep only the modules named in $1 (comma-separated) among those found.
select_modules() {
    local -a wanted names=() dirs=()
    local w i found
    IFS=, read -r -a wanted <<<"$1"
    for w in "${wanted[@]}"; do
        found=0
        for i in "${!MODULE_NAMES[@]}"; do
            if [[ ${MODULE_NAMES[i]} == "$w" ]]; then
                names+=("$w")
                dirs+=("${MODULE_DIRS[i]}")
                found=1
            fi
        done
        ((found)) || die "SERIAL_MODULES: no module $w (found: ${MODULE_NAMES[*]})"
    done
    MODULE_NAMES=("${names[@]}")
    MODULE_DIRS=("${dirs[@]}")
}

write_odoo_conf() {
    mkdir -p "$LOCAL_DIR/data"
    {
        echo "; generated by setup/lib.sh at every run of setup/run or setup/test: edits are lost"
        echo "[options]"
        echo "addons_path = $(join_by , "${ADDONS_PATHS[@]}")"
        echo "data_dir = $LOCAL_DIR/data"
        echo "screenshots = $LOCAL_DIR/screenshots"
        echo "db_host = $PGHOST"
        [[ -n ${PGPORT:-} ]] && echo "db_port = $PGPORT"
        echo "http_interface = 127.0.0.1"
        echo "http_port = ${SERIAL_HTTP_PORT:-8069}"
        echo "without_demo = False"
    } >"$ODOO_CONF"
}

# Create database $1 with modules $3... (default: ours; Odoo creates a
# missing database itself, and a new one gets demo data), or update them in an
# existing one. Odoo's log goes to $2; any ERROR/CRITICAL line is a failure.
install_modules() {
    local db=$1 logfile=$2 installed="" m rc=0 bad errors t0=$SECONDS
    shift 2
    local -a modules=("$@") to_install=() to_update=() args=()
    ((${#modules[@]})) || modules=("${MODULE_NAMES[@]}")
    if db_exists "$db"; then
        installed=$(pg_sql "$db" "select name from ir_module_module where state = 'installed'") ||
            die "database $db exists but is not an Odoo database: drop it or choose another name"
    fi
    for m in "${modules[@]}"; do
        if ! grep -qxF "$m" <<<"$installed"; then
            to_install+=("$m")
        elif [[ " ${MODULE_NAMES[*]} " == *" $m "* ]]; then
            to_update+=("$m") # ours may have changed; Odoo's own did not
        fi
    done
    ((${#to_install[@]})) && args+=(-i "$(join_by , "${to_install[@]}")")
    ((${#to_update[@]})) && args+=(-u "$(join_by , "${to_update[@]}")")
    log "database $db: ${args[*]} (Odoo log: $logfile)"
    "${ODOO_CMD[@]}" -c "$ODOO_CONF" "${ODOO_DB_ARGS[@]}" -d "$db" "${args[@]}" \
        --stop-after-init --no-http >"$logfile" 2>&1 &
    local pid=$! last=$SECONDS
    # An installation with demo data takes minutes: say what is going on.
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        if ((SECONDS - last >= 20)); then
            last=$SECONDS
            log "  still working ($((SECONDS - t0))s): $(install_progress "$logfile")"
        fi
    done
    wait "$pid" || rc=$?
    # Odoo's log lines: "<date> <time> <pid> <LEVEL> <db> <logger>: <message>".
    # A module whose demo data fails is installed anyway, with a WARNING.
    errors=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) |demo data failed to install' "$logfile" || true)
    if ((rc != 0)) || [[ -n $errors ]]; then
        echo "----- last lines of $logfile -----" >&2
        tail -n 60 "$logfile" >&2
        if [[ -n $errors ]]; then
            echo "----- ERROR/CRITICAL lines -----" >&2
            head -n 20 <<<"$errors" >&2
        fi
        die "installing/updating ${modules[*]} in database $db failed (exit $rc)"
    fi
    bad=$(pg_sql "$db" "select name || ' (' || state || case when demo then '' else ', no demo data' end || ')' from ir_module_module where name = any(string_to_array(%s, ',')) and (state <> 'installed' or not demo)" "$(join_by , "${modules[@]}")")
    [[ -z $bad ]] || die "database $db: modules not installed with demo data: $(tr '\n' ' ' <<<"$bad")(drop the database and run again)"
    log "database $db ready in $((SECONDS - t0))s"
}

# The last thing Odoo's log says it is doing, in a few words.
install_progress() {
    local line
    line=$(grep -E ' (INFO|WARNING) ' "$1" 2>/dev/null | tail -n 1 || true)
    line=${line#* * * * * }  # drop date, time, pid, level, database
    echo "${line:0:100}"
}

# Common start of setup/run and setup/test.
prepare_environment() {
    find_odoo
    ensure_python_deps
    setup_postgres
    discover_modules
    # setup/test sets it to test the bridges; setup/run uses the OCA add-ons
    # once they are there (they are then installable from Apps).
    if ((${SERIAL_WANT_OCA:-0})) || [[ -d $OCA_ADDONS_DIR ]]; then
        ensure_oca_addons
    fi
    write_odoo_conf
}
