"""make test counts Odoo's tests and fails on warnings by reading Odoo's log: these tests
pin down that reading on log lines in Odoo 18's own format."""


import hyc_dev

HEAD = "2026-12-04 21:00:00,123 4242"


def _log(tmp_path, *lines):
    path = tmp_path / "odoo.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_counts_come_from_the_final_test_report(tmp_path):
    report = hyc_dev.parse_log(_log(
        tmp_path,
        f"{HEAD} INFO db odoo.modules.loading: loading 42 modules...",
        f"{HEAD} INFO db odoo.tests.result: 1 failed, 2 error(s) of 10 tests when loading database 'db'",
    ))
    assert (report.tests_run, report.failed, report.errors) == (10, 1, 2)
    assert report.passed == 7
    assert report.result_seen


def test_a_log_without_a_report_says_so(tmp_path):
    report = hyc_dev.parse_log(_log(tmp_path, f"{HEAD} INFO db odoo.modules.loading: Modules loaded."))
    assert not report.result_seen
    assert report.tests_run == 0


def test_missing_log_reads_as_empty(tmp_path):
    report = hyc_dev.parse_log(tmp_path / "never-written.log")
    assert not report.result_seen and not report.problems


def test_skipped_tests_are_counted_and_not_passed(tmp_path):
    report = hyc_dev.parse_log(_log(
        tmp_path,
        f"{HEAD} INFO db odoo.addons.hyc_x.tests.test_ui: skipped test_tour (hyc_x.tests.test_ui.TestUi) : Chrome headless not available",
        f"{HEAD} INFO db odoo.tests.result: 0 failed, 0 error(s) of 3 tests when loading database 'db'",
    ))
    assert report.skipped == 1
    assert report.passed == 2


def test_warnings_and_errors_are_problems_with_their_line(tmp_path):
    report = hyc_dev.parse_log(_log(
        tmp_path,
        f"{HEAD} INFO db odoo.modules.loading: fine",
        f"{HEAD} WARNING db odoo.modules.registry: The model hyc.thing has no access rules, consider adding one.",
        f"{HEAD} ERROR db odoo.tools.translate: zh_CN.po: syntax error",
    ))
    assert [(p.level, p.lineno) for p in report.problems] == [("WARNING", 2), ("ERROR", 3)]
    assert "no access rules" in report.problems[0].message


def test_the_report_line_itself_is_not_a_problem(tmp_path):
    report = hyc_dev.parse_log(_log(
        tmp_path, f"{HEAD} ERROR db odoo.tests.result: 2 failed, 0 error(s) of 2 tests when loading database 'db'",
    ))
    assert report.failed == 2 and report.problems == []


def test_a_report_of_no_tests_is_kept_as_a_problem_free_zero(tmp_path):
    # Odoo logs "0 failed, 0 error(s) of 0 tests" at WARNING; the runner fails on tests_run == 0.
    report = hyc_dev.parse_log(_log(
        tmp_path, f"{HEAD} WARNING db odoo.tests.result: 0 failed, 0 error(s) of 0 tests when loading database 'db'",
    ))
    assert report.result_seen and report.tests_run == 0


def test_harmless_warnings_can_be_ignored_by_pattern(tmp_path):
    path = _log(
        tmp_path,
        f"{HEAD} WARNING db odoo.tests.common: Chrome: Fontconfig error: No writable cache directories",
        f"{HEAD} WARNING db odoo.models: something real",
    )
    report = hyc_dev.parse_log(path, ignore=[r"^odoo\.tests\.common: .*Fontconfig"])
    assert [p.logger for p in report.problems] == ["odoo.models"]


def test_python_tracebacks_outside_log_lines_are_counted(tmp_path):
    report = hyc_dev.parse_log(_log(tmp_path, "Traceback (most recent call last):", '  File "x.py", line 1'))
    assert report.tracebacks == 1
