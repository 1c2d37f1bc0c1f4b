# Shared by scripts/serve and scripts/test: a virtual environment in .venv with the project.
#
# pip runs only when something changed: a new .venv, a different pyproject.toml, or extras not
# installed yet. Otherwise nothing is fetched, so after the first install the service starts
# with no network at all. The stamp .venv/.bangkom-installed records what was installed: the
# digest of pyproject.toml and the extras ("[dev]" includes everything "" needs).
install_project() {
  local extras="$1" python="${PYTHON:-}" stamp=".venv/.bangkom-installed" digest
  if [ -z "$python" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null; then python="$candidate"; break; fi
    done
  fi
  "$python" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  digest=$(.venv/bin/python -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')
  if [ -f "$stamp" ] && grep -qx "$digest ${extras:-[]}" "$stamp" 2>/dev/null \
      && .venv/bin/python -c 'import app' 2>/dev/null; then
    return 0
  fi
  if [ -z "$extras" ] && [ -f "$stamp" ] && grep -qx "$digest \[dev\]" "$stamp" \
      && .venv/bin/python -c 'import app' 2>/dev/null; then
    return 0  # the dev install holds the runtime dependencies too
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
  echo "$digest ${extras:-[]}" > "$stamp"
}
