#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image; the zip is unpacked in
# /autograder/source. It installs Node.js (20.19 or later, from NodeSource unless a recent enough one is there),
# bubblewrap (the sandbox's wall, used where the container lets it run) and the grader's packages (npm ci).
#
#   setup.sh             install
#   setup.sh --dry-run   print every command it would run, change nothing
#
# Environment, all optional: AUTOGRADER_ROOT (default /autograder), PARLAB_SOURCE (default
# $AUTOGRADER_ROOT/source), PARLAB_NODE_MAJOR (NodeSource's major version to install, default 20).
set -euo pipefail

dry_run=0
for arg in "$@"; do
  case $arg in
    --dry-run | -n) dry_run=1 ;;
    *)
      echo "setup.sh: unknown argument \"$arg\"; the only option is --dry-run" >&2
      exit 2
      ;;
  esac
done

root="${AUTOGRADER_ROOT:-/autograder}"
source_dir="${PARLAB_SOURCE:-$root/source}"
node_major="${PARLAB_NODE_MAJOR:-20}"
export DEBIAN_FRONTEND=noninteractive

# run COMMAND...: prints the command, then runs it unless this is a dry run.
run() {
  echo "+ $*"
  if [ "$dry_run" -eq 0 ]; then "$@"; fi
}

# in DIR COMMAND...: the same, in DIR.
run_in() {
  local dir=$1
  shift
  echo "+ (cd $dir && $*)"
  if [ "$dry_run" -eq 0 ]; then (cd "$dir" && "$@"); fi
}

# Whether the node on PATH is one the project supports (^20.19.0 || >=22.12.0).
node_supported() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number)
      process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)'
}

run apt-get update -q
run apt-get install -y -q --no-install-recommends ca-certificates curl gnupg bubblewrap

if node_supported; then
  echo "Node.js $(node --version) is already installed"
else
  installer="${TMPDIR:-/tmp}/nodesource_setup_${node_major}.x.sh"
  run curl -fsSL "https://deb.nodesource.com/setup_${node_major}.x" -o "$installer"
  run bash "$installer"
  run apt-get install -y -q nodejs
  run rm -f "$installer"
fi

run_in "$source_dir" npm ci --no-audit --no-fund
# Gradescope runs /autograder/run_autograder, a copy of the one at the zip's root; make sure it can be executed.
run chmod +x "$source_dir/run_autograder"

if [ "$dry_run" -eq 0 ]; then
  node_supported || {
    echo "setup.sh: Node.js $(node --version 2>/dev/null || echo '(none)') is too old: parlab needs ^20.19.0 || >=22.12.0" >&2
    exit 1
  }
  echo "Node.js $(node --version), npm $(npm --version)"
  # Informational: whether bubblewrap can make its namespaces in this container. Where it cannot, every report
  # says which guarantees dropped and grading goes on with Node's permission model.
  if bwrap --ro-bind / / --unshare-all --uid 65534 --gid 65534 --die-with-parent -- true 2>/dev/null; then
    echo "bubblewrap runs here: student code is graded inside it"
  else
    echo "bubblewrap cannot run in this container: grading will use Node's permission model alone"
  fi
fi
