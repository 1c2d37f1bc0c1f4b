# Shared by scripts/serve and scripts/test: a virtual environment in .venv with the project.
install_project() {
  local extras="$1" python="${PYTHON:-}"
  if [ -z "$python" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null; then python="$candidate"; break; fi
    done
  fi
  "$python" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
}
