"""Refresh an addon's i18n/zh_CN.po from Odoo's own export, keeping every translation
already made, and list the strings that still need one.

    .venv/bin/python scripts/hyc_i18n.py hyc_x [--db DB]

The database must have the addon's current code installed; `make test ADDON=hyc_x`
leaves one behind (hyc_test_hyc_x), which is the default.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hyc_dev


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("addon")
    parser.add_argument("--db")
    args = parser.parse_args()
    db = args.db or f"hyc_test_{args.addon}"
    if not hyc_dev.db_exists(db):
        sys.exit(f"No database {db}: run `make test ADDON={args.addon}` first, or pass --db.")
    target = hyc_dev.ADDONS_DIR / args.addon / "i18n" / "zh_CN.po"
    with tempfile.TemporaryDirectory() as tmp:
        exported = Path(tmp) / "export.pot"
        code = hyc_dev.run_odoo(db, [f"--i18n-export={exported}",
                                     f"--modules={args.addon}", "--stop-after-init"], Path(tmp) / "export.log")
        if code or not exported.exists():
            sys.exit(f"Odoo's export failed:\n{(Path(tmp) / 'export.log').read_text()[-3000:]}")
        new = polib.pofile(str(exported))
    old_po = polib.pofile(str(target)) if target.exists() else None
    old = {e.msgid: e.msgstr for e in old_po} if old_po else {}
    new.metadata = old_po.metadata if old_po else {**new.metadata, "Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;"}
    missing = []
    for entry in new:
        if not entry.msgstr and old.get(entry.msgid):
            entry.msgstr = old[entry.msgid]
        if not entry.msgstr:
            missing.append(entry.msgid)
    new.save(str(target))
    print(f"wrote {target}: {len(new)} strings, {len(missing)} without a translation")
    for msgid in missing:
        print(f"  {msgid!r}")


if __name__ == "__main__":
    main()
