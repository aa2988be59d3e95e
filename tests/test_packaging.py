"""What the package declares and the image builds it with: an SPDX licence with its text
beside the code, a setuptools the build system accepts, dependencies that work together."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def requirement(name: str, listed: list[str]) -> Requirement:
    return next(r for r in map(Requirement, listed) if r.name == name)


def test_the_licence_is_an_spdx_expression_and_its_text_ships_with_the_code() -> None:
    assert PROJECT["project"]["license"] == "MIT"
    [licence] = PROJECT["project"]["license-files"]
    assert (ROOT / licence).read_text(encoding="utf-8").startswith("MIT License\n")
    assert re.search(rf"^COPY .*\b{licence}\b", DOCKERFILE, re.MULTILINE)


def test_the_image_pins_a_setuptools_the_build_system_accepts() -> None:
    [pinned] = re.findall(r'"setuptools==([0-9.]+)"', DOCKERFILE)
    wanted = requirement("setuptools", PROJECT["build-system"]["requires"])
    assert Version(pinned) in wanted.specifier
    assert Version("77") in wanted.specifier
    assert Version("76.1") not in wanted.specifier  # no SPDX `license` before 77


def test_any_numpy_allowed_has_an_onnxruntime_built_for_it() -> None:
    dependencies = PROJECT["project"]["dependencies"]
    numpy = requirement("numpy", dependencies)
    onnxruntime = requirement("onnxruntime", dependencies)
    assert Version("2.0") in numpy.specifier
    assert Version("1.18.1") not in onnxruntime.specifier  # built for numpy 1 only
