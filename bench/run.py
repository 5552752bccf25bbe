"""`make bench`: run every bench/bench_*.py and print its figures side by side with the
Odoo built-in doing the same work in the same run, and the ratio (ours / Odoo's).

Each benchmark module has `NAME`, `TARGET` (the ratio it should stay under, or None)
and `run()` returning a list of `Figure`s. Results are also written as JSON to
bench/results/ so that runs can be compared over time.
"""

import importlib.util
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))
sys.path.insert(0, str(HERE))


@dataclass
class Figure:
    what: str
    unit: str
    ours: float
    odoo: float
    note: str = ""

    @property
    def ratio(self):
        return self.ours / self.odoo if self.odoo else float("nan")


def main(selected=()):
    results = []
    for path in sorted(HERE.glob("bench_*.py")):
        if selected and path.stem not in selected:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\n== {module.NAME}", flush=True)
        started = time.monotonic()
        figures = module.run()
        print(f"   ({time.monotonic() - started:.0f}s)")
        print(f"   {'figure':<44} {'hyc':>12} {'Odoo':>12} {'ratio':>7}  target")
        for fig in figures:
            target = f"<= {module.TARGET}" if module.TARGET else ""
            print(f"   {fig.what:<44} {fig.ours:>10.2f}{fig.unit:>2} {fig.odoo:>10.2f}{fig.unit:>2} {fig.ratio:>7.2f}  {target}")
            if fig.note:
                print(f"     {fig.note}")
            results.append({"bench": module.NAME, **asdict(fig), "ratio": fig.ratio, "target": module.TARGET})
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / time.strftime("bench-%Y%m%d-%H%M%S.json")).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
