"""Quality gates (`make lint`, and the first stage of `make test`).

Each check returns a list of problems (empty = pass): ruff and pylint-odoo with the
committed configuration, manifests, XML files, access rules for every model,
translation files, pure-Python libraries that must not import Odoo, and the
docker-compose file.
"""

import ast
import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hyc_dev

ROOT = hyc_dev.ROOT
ADDONS = hyc_dev.ADDONS_DIR
REQUIRED_MANIFEST_KEYS = {"name", "summary", "version", "category", "license", "depends", "data", "author"}
LICENSES = {"LGPL-3", "AGPL-3"}
REQUIRED_FILES = ["readme/DESCRIPTION.md", "readme/USAGE.md", "i18n/zh_CN.po", "security/ir.model.access.csv"]


def _run(cmd):
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        return [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()][:60] or [f"{cmd[0]} exited {proc.returncode}"]
    return []


# The addons the checks look at: all of them, or the one `make test ADDON=…` names, so
# that work in progress in one addon does not fail another's edit-test loop.
SCOPE = None


def scope():
    return SCOPE or hyc_dev.hyc_addons()


def check_ruff():
    paths = [f"addons/{a}" for a in SCOPE] if SCOPE else ["addons", "tests", "scripts", "bench", "conftest.py"]
    return _run([hyc_dev.PYTHON, "-m", "ruff", "check", *paths])


def check_pylint_odoo():
    modules = [str(ADDONS / a) for a in scope()]
    # readme/ (DESCRIPTION.md, USAGE.md) stands for the README.rst that OCA generates from it.
    return _run([hyc_dev.PYTHON, "-m", "pylint", "--rcfile=.pylintrc", "--disable=missing-readme", *modules])


def check_manifests():
    problems = []
    for addon in scope():
        path = ADDONS / addon
        try:
            manifest = hyc_dev.read_manifest(path)
        except (SyntaxError, ValueError) as exc:
            problems.append(f"{addon}: __manifest__.py is not a literal dict: {exc}")
            continue
        missing = REQUIRED_MANIFEST_KEYS - manifest.keys()
        if missing:
            problems.append(f"{addon}: manifest lacks {sorted(missing)}")
        if manifest.get("license") not in LICENSES:
            problems.append(f"{addon}: license must be one of {sorted(LICENSES)}")
        if not re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest.get("version", "")):
            problems.append(f"{addon}: version must look like 18.0.x.y.z")
        if not re.search(r"[\u4e00-\u9fff]", manifest.get("name", "")) or not re.search(r"[A-Za-z]", manifest.get("name", "")):
            problems.append(f"{addon}: name must be in Chinese and English")
        hyc_deps = [d for d in manifest.get("depends", []) if d.startswith("hyc_")]
        if hyc_deps and not manifest.get("auto_install"):
            problems.append(f"{addon}: depends on other hyc addons {hyc_deps}; only auto_install glue addons may")
        for key in ("data", "demo"):
            for rel in manifest.get(key, []):
                if not (path / rel).is_file():
                    problems.append(f"{addon}: {key} file {rel} does not exist")
        for rel in REQUIRED_FILES:
            if not (path / rel).is_file():
                problems.append(f"{addon}: {rel} is missing")
    return problems


def check_xml():
    from lxml import etree

    problems = []
    for path in sorted(p for a in scope() for p in (ADDONS / a).rglob("*.xml")):
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as exc:
            problems.append(f"{path.relative_to(ROOT)}: {exc}")
    return problems


def _model_names(addon_dir):
    """(_name of every new model, file) defined in an addon's Python code."""
    found = []
    for py in sorted(addon_dir.rglob("*.py")):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {
                t.id: stmt.value
                for stmt in node.body if isinstance(stmt, ast.Assign)
                for t in stmt.targets if isinstance(t, ast.Name)
            }
            name = attrs.get("_name")
            if not isinstance(name, ast.Constant):
                continue
            inherit = attrs.get("_inherit")
            # `_name = "x"` with `_inherit = "x"` or `["x", "some.mixin"]` extends x
            inherited = (
                [inherit.value] if isinstance(inherit, ast.Constant)
                else [elt.value for elt in inherit.elts if isinstance(elt, ast.Constant)]
                if isinstance(inherit, (ast.List, ast.Tuple)) else []
            )
            inherits_same = name.value in inherited
            abstract = isinstance(attrs.get("_abstract"), ast.Constant) and attrs["_abstract"].value
            transient = isinstance(attrs.get("_transient"), ast.Constant) and attrs["_transient"].value
            bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
            if inherits_same or abstract or "AbstractModel" in bases:
                continue
            found.append((name.value, py, transient or "TransientModel" in bases))
    return found


def check_access_rules():
    problems = []
    for addon in scope():
        csv_path = ADDONS / addon / "security" / "ir.model.access.csv"
        covered = set()
        if csv_path.is_file():
            with csv_path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    covered.add(row.get("model_id:id", "").split(".")[-1])
        for model, py, _transient in _model_names(ADDONS / addon):
            if "model_" + model.replace(".", "_") not in covered:
                problems.append(f"{addon}: model {model} ({py.name}) has no line in ir.model.access.csv")
    return problems


def check_translations():
    import polib

    problems = []
    for addon in scope():
        po_path = ADDONS / addon / "i18n" / "zh_CN.po"
        if not po_path.is_file():
            continue
        try:
            po = polib.pofile(str(po_path))
        except (OSError, ValueError) as exc:
            problems.append(f"{addon}: zh_CN.po does not parse: {exc}")
            continue
        for entry in po:
            if not entry.obsolete and not entry.msgstr:
                problems.append(f"{addon}: zh_CN.po has no translation for {entry.msgid!r}")
    return problems


def check_pure_libraries():
    """Code in an addon's lib/ is plain Python, unit-tested by pytest: no Odoo imports."""
    problems = []
    for py in sorted(p for a in scope() for p in (ADDONS / a).glob("lib/**/*.py")):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            if any(n == "odoo" or n.startswith("odoo.") for n in names):
                problems.append(f"{py.relative_to(ROOT)}:{node.lineno} imports Odoo; lib/ must stay pure Python")
    return problems


def check_docker_compose():
    tool = shutil.which("docker-compose")
    if not tool:
        return ["docker-compose is not installed (Debian package docker-compose); `make` installs it"]
    return _run([tool, "-f", "docker-compose.yml", "config", "-q"])


CHECKS = [
    ("ruff", check_ruff),
    ("pylint-odoo", check_pylint_odoo),
    ("manifests", check_manifests),
    ("XML files parse", check_xml),
    ("every model has access rules", check_access_rules),
    ("zh_CN translations", check_translations),
    ("lib/ is pure Python", check_pure_libraries),
    ("docker-compose config", check_docker_compose),
]
