# Sourced by scripts/test: makes sure the services the test suite talks to are up.
# PostgreSQL: the production store's tests run against the real server (127.0.0.1:5432, database "test").

berth_pg_up() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null
}

berth_ensure_postgres() {
  if berth_pg_up; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; installing it from Debian's packages..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  echo "Starting PostgreSQL..." >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 60); do
    berth_pg_up && break
    sleep 0.5
  done
  if ! berth_pg_up; then
    echo "PostgreSQL did not come up on 127.0.0.1:5432; the store tests need it." >&2
    return 1
  fi
  # The tests connect as postgres to database "test" (trust auth on this kind of machine).
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null
}

# The vCenter simulator the vSphere tests run (govmomi's, from Debian's packages, built once; see scripts/vcsim-build).
berth_ensure_vcsim() {
  "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/vcsim-build" >/dev/null
}

# Command-line tools the tests run: python3 (plays an unchanged VCL XML-RPC client), curl and bash (run the
# examples of docs/api.md). Installed from Debian's packages when missing.
berth_ensure_tools() {
  local missing=()
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian's packages..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
