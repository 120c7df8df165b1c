#!/usr/bin/env bash
# Install the pgvector extension into a Debian-packaged PostgreSQL (default: 15).
#
# pgvector is not packaged for Debian bookworm, so this script builds it from
# the Debian *trixie* source package:
#   1. adds a deb-src-only entry for trixie in its own sources file (no binary
#      packages from trixie can be installed through it), on the same mirror
#      the host's existing bookworm sources use,
#   2. apt-get source --download-only pgvector, dpkg-source -x,
#   3. make && make install against postgresql-server-dev-<major>.
#
# Idempotent: exits immediately when vector.control and vector.so are already
# installed for the selected PostgreSQL.
#
# Environment:
#   PG_CONFIG             pg_config to build against
#                         (default /usr/lib/postgresql/15/bin/pg_config)
#   PGVECTOR_FORCE=1      rebuild and reinstall even if already installed
#   PGVECTOR_SUITE        Debian suite to take the source from (default trixie)
#   PGVECTOR_APT_MIRROR   Debian mirror URI to use instead of auto-detection
#   PGVECTOR_OPTFLAGS     compiler tuning flags (default empty = portable build,
#                         same as Debian's own package; "-march=native" is
#                         pgvector's upstream default but ties the binary to
#                         the build machine's CPU)
set -euo pipefail

PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
SUITE="${PGVECTOR_SUITE:-trixie}"
SRC_LIST="/etc/apt/sources.list.d/homeward-pgvector-${SUITE}-src.sources"

log() { printf 'install-pgvector: %s\n' "$*"; }
die() { printf 'install-pgvector: ERROR: %s\n' "$*" >&2; exit 1; }

installed_version() {
  # Prints the default_version from vector.control if pgvector is installed.
  local sharedir pkglibdir control
  [[ -x "$PG_CONFIG" ]] || return 1
  sharedir="$("$PG_CONFIG" --sharedir)" || return 1
  pkglibdir="$("$PG_CONFIG" --pkglibdir)" || return 1
  control="$sharedir/extension/vector.control"
  [[ -f "$control" && -f "$pkglibdir/vector.so" ]] || return 1
  sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" "$control"
}

# ---------------------------------------------------------------- fast path
if [[ "${PGVECTOR_FORCE:-0}" != 1 ]] && version="$(installed_version)"; then
  log "pgvector ${version:-?} already installed for $("$PG_CONFIG" --version) - nothing to do"
  exit 0
fi

# ---------------------------------------------------------------- slow path
command -v apt-get >/dev/null || die "apt-get not found; this script supports Debian only"

SUDO=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || die "must run as root (or have sudo)"
  SUDO=(sudo)
fi
as_root() { "${SUDO[@]}" "$@"; }

# PostgreSQL major version: from pg_config if present, else from its path.
if [[ -x "$PG_CONFIG" ]]; then
  PG_MAJOR="$("$PG_CONFIG" --version | sed -n 's/^PostgreSQL \([0-9][0-9]*\).*/\1/p')"
else
  PG_MAJOR="$(printf '%s\n' "$PG_CONFIG" | sed -n 's#.*/postgresql/\([0-9][0-9]*\)/bin/pg_config$#\1#p')"
fi
[[ -n "$PG_MAJOR" ]] || die "cannot determine the PostgreSQL major version from PG_CONFIG=$PG_CONFIG"
log "building pgvector for PostgreSQL $PG_MAJOR (PG_CONFIG=$PG_CONFIG)"

WORK="$(mktemp -d -t pgvector-build.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BUILD_LOG="$WORK/build.log"

# Run a command with its output captured; show the tail of it on failure.
quiet() {
  if ! "$@" >>"$BUILD_LOG" 2>&1; then
    printf 'install-pgvector: ERROR: command failed: %s\n--- last lines of output ---\n' "$*" >&2
    tail -n 40 "$BUILD_LOG" >&2
    exit 1
  fi
}

# --- find the Debian mirror the host already uses for its own release -----
host_codename() {
  local c=""
  # shellcheck disable=SC1091
  [[ -r /etc/os-release ]] && c="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
  printf '%s' "${c:-bookworm}"
}

# Prints "URI<TAB>signed-by" of the first enabled binary source for suite $1.
detect_mirror() {
  local codename="$1" f
  # one-line format: /etc/apt/sources.list and sources.list.d/*.list
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    awk -v suite="$codename" '
      { sub(/#.*/, "") }
      $1 == "deb" {
        opts = ""; i = 2
        if ($2 ~ /^\[/) { while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ } }
        if ($(i + 1) == suite) {
          sb = ""
          if (match(opts, /signed-by=[^] ]+/)) sb = substr(opts, RSTART + 10, RLENGTH - 10)
          print $i "\t" sb; exit
        }
      }' "$f"
  done
  # deb822 format: sources.list.d/*.sources
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" && "$f" != "$SRC_LIST" ]] || continue
    awk -v suite="$codename" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && tolower(enabled) != "no" && (" " suites " ") ~ (" " suite " ") && uris != "") {
          split(uris, u, " "); print u[1] "\t" sb; found = 1
        }
        types = uris = suites = sb = ""; enabled = "yes"
      }
      BEGIN { enabled = "yes" }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); if (found) exit; next }
      /^[ \t]/ { next }  # continuation line (e.g. inline key block)
      {
        key = tolower($0); sub(/:.*/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val); gsub(/[ \t]+/, " ", val); sub(/ $/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "enabled") enabled = val
        else if (key == "signed-by" && val ~ /^\//) sb = val
      }
      END { if (!found) flush() }' "$f"
  done
}

CODENAME="$(host_codename)"
if [[ -n "${PGVECTOR_APT_MIRROR:-}" ]]; then
  MIRROR="$PGVECTOR_APT_MIRROR"
else
  MIRROR="$(detect_mirror "$CODENAME" | head -n 1 | cut -f 1)"
  [[ -n "$MIRROR" ]] || die "no enabled 'deb … $CODENAME' source found in /etc/apt/sources.list{,.d/*}; set PGVECTOR_APT_MIRROR"
fi
MIRROR="${MIRROR%/}"
log "using Debian mirror $MIRROR (same as the host's $CODENAME source)"

# Trixie's Release file is signed with keys shipped in bookworm's
# debian-archive-keyring (2023.3+deb12u1 and later).
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SIGNED_BY=""
[[ -f "$KEYRING" ]] && SIGNED_BY="Signed-By: $KEYRING"

# --- deb-src only entry for the source suite, in its own file -------------
desired_list="$(printf '%s\n' \
  "# Added by homeward scripts/install-pgvector.sh: source packages only (deb-src)," \
  "# used to build pgvector, which is not packaged for Debian $CODENAME." \
  "Types: deb-src" \
  "URIs: $MIRROR" \
  "Suites: $SUITE" \
  "Components: main" \
  ${SIGNED_BY:+"$SIGNED_BY"})"
if [[ ! -f "$SRC_LIST" ]] || [[ "$(cat "$SRC_LIST")" != "$desired_list" ]]; then
  log "writing $SRC_LIST (deb-src $SUITE only)"
  printf '%s\n' "$desired_list" | as_root tee "$SRC_LIST" >/dev/null
fi

export DEBIAN_FRONTEND=noninteractive

# --- build dependencies ----------------------------------------------------
# Note: Debian's postgresql-client-<major> package already ships pgxs.mk, but the
# server headers (postgres.h) come only with postgresql-server-dev-<major>.
missing=()
pgxs="" server_inc=""
if [[ -x "$PG_CONFIG" ]]; then
  pgxs="$("$PG_CONFIG" --pgxs 2>/dev/null || true)"
  server_inc="$("$PG_CONFIG" --includedir-server 2>/dev/null || true)"
fi
if [[ ! -f "$pgxs" || ! -f "$server_inc/postgres.h" ]]; then
  missing+=("postgresql-server-dev-$PG_MAJOR")
fi
for tool in make gcc dpkg-source; do
  command -v "$tool" >/dev/null || { missing+=(build-essential); break; }
done

if ((${#missing[@]})); then
  log "apt-get update (all sources)"
  quiet as_root apt-get update
  log "installing build dependencies: ${missing[*]}"
  quiet as_root apt-get install -y --no-install-recommends "${missing[@]}"
else
  log "apt-get update ($SUITE deb-src only)"
  quiet as_root apt-get update \
    -o Dir::Etc::SourceList="$SRC_LIST" \
    -o Dir::Etc::SourceParts=- \
    -o APT::Get::List-Cleanup=0
fi
[[ -x "$PG_CONFIG" ]] || die "$PG_CONFIG still missing after installing postgresql-server-dev-$PG_MAJOR"

# --- fetch and unpack the source package -----------------------------------
# Let apt's unprivileged _apt user write the download (avoids a sandbox notice).
if [[ $EUID -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown _apt "$WORK"
fi
log "downloading pgvector source package from $SUITE"
(cd "$WORK" && quiet apt-get source --download-only pgvector)
shopt -s nullglob
dscs=("$WORK"/pgvector_*.dsc)
shopt -u nullglob
((${#dscs[@]} == 1)) || die "expected exactly one pgvector .dsc in $WORK, found ${#dscs[@]}"
log "unpacking $(basename "${dscs[0]}")"
quiet dpkg-source -x "${dscs[0]}" "$WORK/src"

# --- build and install -----------------------------------------------------
log "building (make -j$(nproc))"
quiet make -C "$WORK/src" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS="${PGVECTOR_OPTFLAGS:-}"
log "installing (make install)"
quiet as_root make -C "$WORK/src" install PG_CONFIG="$PG_CONFIG" OPTFLAGS="${PGVECTOR_OPTFLAGS:-}"

version="$(installed_version)" || die "make install finished but vector.control/vector.so are not in place"
log "pgvector $version installed into $("$PG_CONFIG" --pkglibdir) - run 'CREATE EXTENSION vector;' in each database that needs it"
