"""Our addons install with pip, as OCA publishes its own: one wheel per addon.

Each addon's pyproject.toml builds with whool (the tools of
setup/requirements-lint.txt, installed by setup/lint-exec) into a wheel named
odoo-addon-<addon>; the three wheels install into a fresh virtual environment,
and Odoo run from there finds each addon in that environment's site-packages.
The wheels require odoo==18.0.*, which a source install of Odoo does not
register with pip: they are installed with --no-deps, and the environment
reaches the Odoo that runs these tests through a .pth file.
"""

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import odoo

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["serial_lifecycle", "serial_warranty", "serial_recall"]


def run(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def test_the_three_wheels_build_install_and_odoo_finds_the_addons(tmp_path):
    dist = tmp_path / "dist"
    for addon in ADDONS:
        # --no-isolation: whool and build come from setup/requirements-lint.txt.
        run(
            REPO / "setup" / "lint-exec",
            "python",
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            dist,
            REPO / addon,
        )
    wheels = sorted(dist.glob("*.whl"))
    names = sorted(wheel.name.split("-")[0] for wheel in wheels)
    assert names == sorted(f"odoo_addon_{addon}" for addon in ADDONS), names
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            files = archive.namelist()
            metadata = archive.read(
                next(f for f in files if f.endswith(".dist-info/METADATA"))
            ).decode()
        addon = next(a for a in ADDONS if wheel.name.startswith(f"odoo_addon_{a}-"))
        assert f"odoo/addons/{addon}/__manifest__.py" in files
        assert f"odoo/addons/{addon}/tests/__init__.py" in files
        assert f"Name: odoo-addon-{addon}\n" in metadata
        assert "Requires-Dist: odoo==18.0.*" in metadata
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", *wheels)
    versions = run(
        python,
        "-c",
        "import importlib.metadata as md\n"
        f"for addon in {ADDONS!r}:\n"
        "    print(md.version('odoo-addon-' + addon))\n",
    )
    assert all(v.startswith("18.0.") for v in versions.split()), versions
    # The Odoo of this test run (and its requirements), from the fresh venv.
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).strip()
    )
    odoo_root = Path(odoo.__file__).resolve().parent.parent
    (site / "odoo_under_test.pth").write_text(
        f"{odoo_root}\n{sysconfig.get_paths()['purelib']}\n"
    )
    found = run(
        python,
        "-c",
        "import odoo\n"
        "from odoo.modules.module import get_module_path\n"
        "odoo.tools.config.parse_config([])\n"
        f"for addon in {ADDONS!r}:\n"
        "    print(addon, get_module_path(addon))\n",
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ODOO_RC")},
        cwd=tmp_path,
    )
    paths = dict(line.split(" ", 1) for line in found.strip().splitlines())
    for addon in ADDONS:
        assert paths.get(addon) == str(site / "odoo" / "addons" / addon), found
