#!/usr/bin/env bash
# A local PostgreSQL for the server's storage suite (packages/server/test/storage).
#
#   eval "$(.ci/postgres.sh start)"    # or: source .ci/postgres.sh start
#   .ci/postgres.sh stop
#
# `start` installs PostgreSQL when `pg_ctlcluster` is missing (the caller has run
# `apt-get update`), starts the newest cluster `pg_lsclusters` lists (creating `main` if there is
# none), creates the role and database if they are missing, and prints one line on stdout:
# `export TEST_DATABASE_URL=...`; everything else goes to stderr so that `eval` sees only that.
# When sourced it also exports the variable into the caller's shell. `stop` stops the cluster.
# Non-interactive: no prompt, no stdin; `sudo -n` only when not root.
# Overridable: MARKDOWNSYNC_PG_USER, MARKDOWNSYNC_PG_PASSWORD, MARKDOWNSYNC_PG_DATABASE.

# Runs in a subshell (the parentheses) so that a sourcing shell keeps its own options and is
# never exited by `set -e`.
markdownsync_postgres() (
  set -euo pipefail

  local user=${MARKDOWNSYNC_PG_USER:-markdownsync}
  local password=${MARKDOWNSYNC_PG_PASSWORD:-markdownsync}
  local database=${MARKDOWNSYNC_PG_DATABASE:-markdownsync_test}

  log() { echo "postgres.sh: $*" >&2; }

  as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
  }

  as_postgres() {
    if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      sudo -n -u postgres "$@"
    fi
  }

  # Prints "VERSION CLUSTER PORT STATUS" of the newest cluster, nothing when there is none.
  newest_cluster() {
    pg_lsclusters --no-header 2>/dev/null | awk '{ print $1, $2, $3, $4 }' | sort -V | tail -n 1
  }

  install_postgres() {
    if command -v pg_ctlcluster >/dev/null 2>&1; then return; fi
    log "installing PostgreSQL with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      postgresql </dev/null >&2
  }

  ensure_cluster() {
    if [ -n "$(newest_cluster)" ]; then return; fi
    local version
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
    if [ -z "$version" ]; then
      log "no PostgreSQL server under /usr/lib/postgresql"
      return 1
    fi
    log "creating cluster $version main"
    as_root pg_createcluster "$version" main >&2
  }

  psql_admin() {
    as_postgres psql --no-psqlrc -X -q -v ON_ERROR_STOP=1 -p "$port" "$@" </dev/null
  }

  start() {
    install_postgres
    ensure_cluster
    local version cluster port status
    read -r version cluster port status <<<"$(newest_cluster)"
    if [ "$status" != online ]; then
      log "starting cluster $version $cluster"
      as_root pg_ctlcluster "$version" "$cluster" start >&2
    fi
    for _ in $(seq 1 30); do
      if as_postgres pg_isready -q -p "$port"; then break; fi
      sleep 1
    done
    as_postgres pg_isready -q -p "$port" || { log "cluster $version $cluster is not ready"; return 1; }

    # The password is set on every start so that a role left by an earlier run still matches.
    # Role and password are plain identifiers (letters, digits, underscore): no quoting needed.
    if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
      psql_admin -c "CREATE ROLE $user LOGIN"
    fi
    psql_admin -c "ALTER ROLE $user LOGIN PASSWORD '$password'"
    if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
      as_postgres createdb -p "$port" -O "$user" "$database"
    fi
    log "cluster $version $cluster is online on port $port"
    echo "export TEST_DATABASE_URL=postgres://$user:$password@127.0.0.1:$port/$database"
  }

  stop() {
    local version cluster port status
    read -r version cluster port status <<<"$(newest_cluster)"
    if [ -z "${version:-}" ]; then
      log "no cluster to stop"
      return
    fi
    if [ "$status" = online ]; then
      as_root pg_ctlcluster "$version" "$cluster" stop >&2
    fi
    log "cluster $version $cluster is stopped"
  }

  case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *)
      echo "usage: .ci/postgres.sh start|stop" >&2
      return 2
      ;;
  esac
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: export the URL into the caller's shell too, and return (never exit) with the status.
  if [ "${1:-}" = start ]; then
    if __markdownsync_pg_line=$(markdownsync_postgres start); then
      eval "$__markdownsync_pg_line"
      echo "$__markdownsync_pg_line"
      unset __markdownsync_pg_line
    else
      unset __markdownsync_pg_line
      return 1
    fi
  else
    markdownsync_postgres "$@"
  fi
else
  markdownsync_postgres "$@"
fi
