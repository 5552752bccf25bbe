"""The quality gates of make lint catch what they are meant to catch (each check is run
on a small fake addons folder)."""


import pytest

import hyc_dev
import hyc_lint

GOOD_MANIFEST = """{
    'name': '好业财 测试 | HYC Test',
    'summary': 'x',
    'version': '18.0.1.0.0',
    'category': 'Hidden',
    'author': 'HYC',
    'license': 'LGPL-3',
    'depends': ['base'],
    'data': ['security/ir.model.access.csv'],
}
"""


@pytest.fixture
def addons(tmp_path, monkeypatch):
    root = tmp_path / "addons"
    monkeypatch.setattr(hyc_dev, "ADDONS_DIR", root)
    monkeypatch.setattr(hyc_lint, "ADDONS", root)
    monkeypatch.setattr(hyc_lint, "ROOT", tmp_path)
    return root


def make_addon(root, name="hyc_test", manifest=GOOD_MANIFEST, access="", files=None):
    addon = root / name
    for rel in hyc_lint.REQUIRED_FILES:
        (addon / rel).parent.mkdir(parents=True, exist_ok=True)
        (addon / rel).write_text("")
    (addon / "__manifest__.py").write_text(manifest, encoding="utf-8")
    (addon / "security" / "ir.model.access.csv").write_text(
        "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n" + access
    )
    for rel, text in (files or {}).items():
        (addon / rel).parent.mkdir(parents=True, exist_ok=True)
        (addon / rel).write_text(text, encoding="utf-8")
    return addon


def test_a_good_manifest_passes(addons):
    make_addon(addons)
    assert hyc_lint.check_manifests() == []


@pytest.mark.parametrize(("change", "expected"), [
    (("'LGPL-3'", "'OPL-1'"), "license"),
    (("'18.0.1.0.0'", "'17.0.1.0.0'"), "version"),
    (("'好业财 测试 | HYC Test'", "'HYC Test'"), "Chinese and English"),
    (("['base']", "['base', 'hyc_other']"), "only auto_install glue"),
    (("['security/ir.model.access.csv']", "['views/missing.xml']"), "does not exist"),
])
def test_manifest_problems_are_named(addons, change, expected):
    make_addon(addons, manifest=GOOD_MANIFEST.replace(*change))
    problems = hyc_lint.check_manifests()
    assert any(expected in p for p in problems), problems


def test_a_glue_addon_may_depend_on_two_hyc_addons(addons):
    manifest = GOOD_MANIFEST.replace("['base']", "['hyc_a', 'hyc_b']").replace("}", "    'auto_install': True,\n}")
    make_addon(addons, manifest=manifest)
    assert hyc_lint.check_manifests() == []


def test_a_glue_addons_template_holds_the_odoo_dependencies_of_the_addons_it_glues(addons):
    make_addon(addons, "hyc_a", manifest=GOOD_MANIFEST.replace("['base']", "['stock', 'product_expiry']"))
    make_addon(addons, "hyc_b", manifest=GOOD_MANIFEST.replace("['base']", "['point_of_sale']"))
    glue = GOOD_MANIFEST.replace("['base']", "['hyc_a', 'hyc_b', 'pos_loyalty']")
    make_addon(addons, "hyc_a_b", manifest=glue.replace("}", "    'auto_install': True,\n}"))
    assert hyc_dev.external_depends("hyc_a") == ["product_expiry", "stock"]
    assert hyc_dev.external_depends("hyc_a_b") == ["point_of_sale", "pos_loyalty", "product_expiry", "stock"]


def test_model_without_access_rule_is_reported(addons):
    code = "from odoo import models\n\nclass Thing(models.Model):\n    _name = 'hyc.thing'\n"
    make_addon(addons, files={"models/thing.py": code})
    assert ["hyc.thing" in p for p in hyc_lint.check_access_rules()] == [True]


def test_new_model_inheriting_a_mixin_is_reported(addons):
    code = ("from odoo import models\n\nclass Thing(models.Model):\n"
            "    _name = 'hyc.thing'\n    _inherit = ['mail.thread', 'hyc.mixin']\n")
    make_addon(addons, files={"models/thing.py": code})
    assert ["hyc.thing" in p for p in hyc_lint.check_access_rules()] == [True]


def test_model_with_access_rule_and_inherited_models_pass(addons):
    code = (
        "from odoo import models\n\n"
        "class Thing(models.Model):\n    _name = 'hyc.thing'\n\n"
        "class Lot(models.Model):\n    _inherit = 'stock.lot'\n\n"
        "class Mixin(models.AbstractModel):\n    _name = 'hyc.mixin'\n\n"
        "class Rule(models.Model):\n    _name = 'loyalty.rule'\n    _inherit = ['loyalty.rule', 'hyc.mixin']\n"
    )
    make_addon(addons, files={"models/thing.py": code},
               access="access_thing,thing,model_hyc_thing,base.group_user,1,0,0,0\n")
    assert hyc_lint.check_access_rules() == []


def test_broken_xml_is_reported(addons):
    make_addon(addons, files={"views/broken.xml": "<odoo><record></odoo>"})
    assert any("broken.xml" in p for p in hyc_lint.check_xml())


def test_pure_library_importing_odoo_is_reported(addons):
    make_addon(addons, files={"lib/alloc.py": "import math\nfrom odoo import fields\n"})
    problems = hyc_lint.check_pure_libraries()
    assert len(problems) == 1 and "alloc.py:2" in problems[0]


def test_pure_library_with_relative_imports_passes(addons):
    make_addon(addons, files={"lib/alloc.py": "from decimal import Decimal\nfrom . import rounding\n"})
    assert hyc_lint.check_pure_libraries() == []


def test_untranslated_string_is_reported(addons):
    po = 'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\nmsgid "Lots"\nmsgstr "批次"\n\nmsgid "Finance"\nmsgstr ""\n'
    make_addon(addons, files={"i18n/zh_CN.po": po})
    assert [("Finance" in p) for p in hyc_lint.check_translations()] == [True]


def test_the_suite_itself_passes_its_static_checks():
    for check in (hyc_lint.check_manifests, hyc_lint.check_xml, hyc_lint.check_access_rules,
                  hyc_lint.check_translations, hyc_lint.check_pure_libraries):
        assert check() == [], check.__name__
