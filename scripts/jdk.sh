# Sourced by Berth's scripts: points JAVA_HOME at a JDK of version 21 or newer.
# Order: $JAVA_HOME if new enough, then the newest JDK under /usr/lib/jvm, then `java` on PATH.

berth_java_major() { # prints the major version of the JDK at $1
  local rel="$1/release"
  [ -x "$1/bin/javac" ] || return 1
  if [ -f "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
  fi
}

berth_find_jdk() {
  local best="" best_major=0 candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(berth_java_major "$candidate" 2>/dev/null) || continue
    [ -n "$major" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best="$candidate"; break; fi
    if [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  if [ -z "$best" ] || [ "$(berth_java_major "$best")" -lt 21 ]; then
    echo "Berth needs a JDK 21 or newer; none found in JAVA_HOME, /usr/lib/jvm or PATH." >&2
    echo "Install one (e.g. Temurin 21+) and set JAVA_HOME." >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME=$(berth_find_jdk) || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
