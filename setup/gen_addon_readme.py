#!/usr/bin/env python3
"""Write each addon's README.rst from its readme/*.md fragments and manifest.

The same README.rst as OCA's ``oca-gen-addon-readme`` (OCA/maintainer-tools,
which is not on PyPI) writes: the fragments converted from Markdown by pandoc
(``pypandoc_binary``, GitHub Markdown, headings shifted for the contributors),
the badges of the development status, license and repository, a table of
contents, the bug tracker, credits and maintainers, and a source digest so
that ``--if-source-changed`` leaves an up-to-date README alone. The README is
checked with docutils, as OCA's tool does. The repository's address comes from
the manifests' ``website``. A hand-written static/description/index.html is
left as it is, as OCA's tool does too.

Usage (pre-commit runs it, see .pre-commit-config.yaml):
    setup/lint-exec python3 setup/gen_addon_readme.py --addons-dir=. \\
        --branch=18.0 --if-source-changed --keep-source-digest
"""

import argparse
import ast
import hashlib
import re
import sys
import tempfile
from pathlib import Path

import pypandoc
from docutils.core import publish_file

FRAGMENTS = [
    # (name, level): CONTRIBUTORS and CREDITS are sections of Credits.
    ("DESCRIPTION", 2),
    ("CONTEXT", 2),
    ("INSTALL", 2),
    ("CONFIGURE", 2),
    ("USAGE", 2),
    ("ROADMAP", 2),
    ("DEVELOP", 2),
    ("CONTRIBUTORS", 3),
    ("CREDITS", 3),
    ("HISTORY", 2),
]
SECTIONS = [
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
PANDOC_MARKDOWN_FORMAT = "gfm-raw_html-gfm_auto_identifiers"
STATUS_BADGES = {
    "mature": ("Mature", "brightgreen"),
    "production/stable": ("Production%2FStable", "green"),
    "beta": ("Beta", "yellow"),
    "alpha": ("Alpha", "red"),
}
LICENSE_URLS = {
    "AGPL-3": "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "http://www.gnu.org/licenses/gpl-3.0-standalone.html",
}
RST2HTML_SETTINGS = {"file_insertion_enabled": False, "halt_level": 2}
DIGEST_RE = re.compile(r"!! source digest: (?P<digest>sha256:\w+)")


def read_manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text())


def source_digest(addon_dir):
    """sha256 of the manifest and the readme/ fragments, names included."""
    digest = hashlib.sha256()
    files = [addon_dir / "__manifest__.py"]
    files += sorted(p for p in (addon_dir / "readme").rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(addon_dir)).encode())
        digest.update(path.read_bytes())
    return "sha256:" + digest.hexdigest()


def fragment_rst(addon_dir, name, level):
    md = addon_dir / "readme" / f"{name}.md"
    if not md.exists():
        return None
    rst = pypandoc.convert_text(
        md.read_text(),
        to="rst",
        format=PANDOC_MARKDOWN_FORMAT,
        extra_args=[f"--shift-heading-level-by={level - 2}"],
        sandbox=True,
    )
    return rst if rst.endswith("\n") else rst + "\n"


def title(text, underline):
    return f"{text}\n{underline * len(text)}\n\n"


def repository(manifest):
    match = re.match(r"https://github\.com/([^/]+)/([^/]+)", manifest["website"])
    if not match:
        sys.exit(f"website {manifest['website']!r} is not a GitHub repository")
    return match.group(1), match.group(2)


def render(addon_dir, manifest, branch, digest):
    name = addon_dir.name
    org, repo = repository(manifest)
    fragments = {
        key: text
        for key, level in FRAGMENTS
        if (text := fragment_rst(addon_dir, key, level)) is not None
    }
    badges = []
    status = manifest.get("development_status", "").lower()
    if status in STATUS_BADGES:
        label, colour = STATUS_BADGES[status]
        badges.append(
            (
                f"https://img.shields.io/badge/maturity-{label}-{colour}.png",
                "https://odoo-community.org/page/development-status",
                manifest["development_status"],
            )
        )
    licence = manifest.get("license")
    if licence in LICENSE_URLS:
        badges.append(
            (
                "https://img.shields.io/badge/licence-"
                f"{licence.replace('-', '--')}-blue.png",
                LICENSE_URLS[licence],
                f"License: {licence}",
            )
        )
    badges.append(
        (
            f"https://img.shields.io/badge/github-{org.replace('-', '--')}"
            f"%2F{repo.replace('-', '--')}-lightgray.png?logo=github",
            f"https://github.com/{org}/{repo}/tree/{branch}/{name}",
            f"{org}/{repo}",
        )
    )
    out = [
        "=" * len(manifest["name"]) + "\n",
        manifest["name"] + "\n",
        "=" * len(manifest["name"]) + "\n\n",
        ".. \n",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
        "   !! This file is generated by oca-gen-addon-readme !!\n",
        "   !! changes will be overwritten.                   !!\n",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
        f"   !! source digest: {digest}\n",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n",
    ]
    for index, (image, target, alt) in enumerate(badges, 1):
        out.append(f".. |badge{index}| image:: {image}\n")
        out.append(f"    :target: {target}\n    :alt: {alt}\n")
    out.append(
        "\n" + " ".join(f"|badge{i}|" for i in range(1, len(badges) + 1)) + "\n\n"
    )
    out.append(fragments.get("DESCRIPTION", ""))
    if status == "alpha":
        out.append(
            "\n.. IMPORTANT::\n"
            "   This is an alpha version, the data model and design can change at "
            "any time without warning.\n"
            "   Only for development or testing purpose, do not use in production.\n"
            "   `More details on development status "
            "<https://odoo-community.org/page/development-status>`_\n"
        )
    out.append("\n**Table of contents**\n\n.. contents::\n   :local:\n\n")
    for key, heading in SECTIONS:
        if key in fragments:
            out.append(title(heading, "="))
            out.append(fragments[key] + "\n")
    issues = f"https://github.com/{org}/{repo}/issues"
    out.append(title("Bug Tracker", "="))
    out.append(
        f"Bugs are tracked on `GitHub Issues <{issues}>`_.\n"
        "In case of trouble, please check there if your issue has already been "
        "reported.\n"
        "If you spotted it first, help us to smash it by providing a detailed and "
        "welcomed\n"
        f"`feedback <{issues}/new?body=module:%20{name}%0Aversion:%20{branch}"
        "%0A%0A**Steps%20to%20reproduce**%0A-%20...%0A%0A**Current%20behavior**"
        "%0A%0A**Expected%20behavior**>`_.\n\n"
        "Do not contact contributors directly about support or help with "
        "technical issues.\n\n"
    )
    out.append(title("Credits", "="))
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        out.append(title("Authors", "-"))
        out.extend(f"* {author}\n" for author in authors)
        out.append("\n")
    credit_sections = (("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits"))
    for key, heading in credit_sections:
        if key in fragments:
            out.append(title(heading, "-"))
            out.append(fragments[key] + "\n")
    out.append(title("Maintainers", "-").rstrip("\n") + "\n")
    maintainers = manifest.get("maintainers", [])
    if maintainers:
        out.append("\n")
        for login in maintainers:
            out.append(
                f".. |maintainer-{login}| image:: https://github.com/{login}.png"
                f"?size=40px\n    :target: https://github.com/{login}\n"
                f"    :alt: {login}\n"
            )
        plural = "s" if len(maintainers) > 1 else ""
        out.append(f"\nCurrent maintainer{plural}:\n\n")
        out.append(" ".join(f"|maintainer-{login}|" for login in maintainers) + " \n")
    out.append(
        f"\nThis module is part of the `{org}/{repo} "
        f"<https://github.com/{org}/{repo}/tree/{branch}/{name}>`_ project on "
        "GitHub.\n\nYou are welcome to contribute.\n"
    )
    return "".join(out)


def check_rst(readme):
    with tempfile.NamedTemporaryFile() as html:
        publish_file(
            source_path=str(readme),
            destination=html,
            writer_name="html4css1",
            settings_overrides=RST2HTML_SETTINGS,
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--addons-dir", default=".")
    parser.add_argument("--branch", default="18.0")
    parser.add_argument(
        "--if-source-changed",
        action="store_true",
        help="leave a README alone whose source digest matches its sources",
    )
    parser.add_argument(
        "--keep-source-digest",
        action="store_true",
        help="keep the digest already in README.rst (fewer merge conflicts)",
    )
    args = parser.parse_args(argv)
    for manifest_path in sorted(Path(args.addons_dir).glob("*/__manifest__.py")):
        addon_dir = manifest_path.parent
        manifest = read_manifest(addon_dir)
        if not manifest.get("installable", True):
            continue
        if not (addon_dir / "readme" / "DESCRIPTION.md").exists():
            continue
        readme = addon_dir / "README.rst"
        old = readme.read_text() if readme.exists() else ""
        digest = source_digest(addon_dir)
        if args.if_source_changed and f"!! source digest: {digest}" in old:
            continue
        if args.keep_source_digest and (match := DIGEST_RE.search(old)):
            digest = match.group("digest")
        text = render(addon_dir, manifest, args.branch, digest)
        if text != old:
            readme.write_text(text)
            print(f"{readme}: written")  # pylint: disable=print-used
        check_rst(readme)


if __name__ == "__main__":
    main()
