import logging

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged

from .common import race

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestBudgetRace(TransactionCase):
    """Two users confirm two orders at the same moment on a blocking budget that has
    room for only one of them: real transactions on separate cursors, in threads."""

    def _committed_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            materials = env.ref("hyc_project_budget.category_materials")
            materials.write({"policy": "block", "tolerance_pct": 0.0})
            product = env["product.product"].create({
                "name": "Race steel beam", "type": "service", "purchase_method": "purchase",
            })
            materials.product_ids = [Command.link(product.id)]
            vendor = env["res.partner"].create({"name": "Race vendor"})
            project = env["project.project"].create({"name": "Race project"})
            project._create_analytic_account()
            budget = env["hyc.project.budget"].create({
                "project_id": project.id,
                "line_ids": [Command.create({"category_id": materials.id, "amount": 100000.0})],
            })
            budget.action_approve()
            orders = env["purchase.order"].create([{
                "partner_id": vendor.id,
                "order_line": [Command.create({
                    "product_id": product.id, "product_qty": 1, "price_unit": 60000.0, "taxes_id": False,
                    "analytic_distribution": {str(project.account_id.id): 100.0},
                })],
            } for _i in range(2)])
            ids = {
                "orders": orders.ids, "product": product.id, "vendor": vendor.id, "project": project.id,
                "account": project.account_id.id, "budget": budget.id, "line": budget.line_ids.id,
                "materials": materials.id,
                # what _cleanup removes (shared with the split fixture)
                "projects": project.ids, "accounts": project.account_id.ids, "budgets": budget.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup, ids)
        return ids

    def _cleanup(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["purchase.order"].browse(ids["orders"])
            orders.button_cancel()
            orders.unlink()
            env["hyc.project.budget"].browse(ids["budgets"]).unlink()
            env.ref("hyc_project_budget.category_materials").product_ids = [Command.unlink(ids["product"])]
            env["project.project"].browse(ids["projects"]).unlink()
            env["account.analytic.account"].browse(ids["accounts"]).exists().unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["vendor"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_two_concurrent_confirmations_never_exceed_a_blocking_budget(self):
        ids = self._committed_fixture()
        # OdooBot holds the management role: a blocked order opens the override wizard
        results = race(
            self.registry, ids["orders"],
            begin=lambda env, oid: env["purchase.order"].browse(oid).order_line.mapped("hyc_committed_amount"),
            act=lambda env, oid: env["purchase.order"].browse(oid).button_confirm(),
        )
        _logger.info("budget race results: %s", results)
        self.assertEqual(len(results), 2, results)
        confirmed = [oid for oid, result in results.items() if result == "done"]
        self.assertEqual(len(confirmed), 1, f"exactly one confirmation must succeed: {results}")
        loser = next(oid for oid in ids["orders"] if oid not in confirmed)
        self.assertTrue(
            results[loser] == "serialization_failure" or results[loser][0] == "blocked", results[loser]
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["purchase.order"].browse(ids["orders"])
            self.assertEqual(sorted(orders.mapped("state")), ["draft", "purchase"])
            line = env["hyc.project.budget.line"].browse(ids["line"])
            self.assertEqual((line.committed_amount, line.available_amount), (60000.0, 40000.0))
            # Odoo retries a request that failed to serialise: the retry sees the winner
            # and is refused with the figures (management is offered the override wizard).
            action = env["purchase.order"].browse(loser).button_confirm()
            self.assertEqual(action["res_model"], "hyc.budget.check.wizard")
            wizard = env["hyc.budget.check.wizard"].browse(action["res_id"])
            self.assertEqual(wizard.mode, "override")
            symbol = env.company.currency_id.symbol
            self.assertIn(f"available {symbol}40,000.00", wizard.message)
            self.assertIn(f"needs {symbol}60,000.00", wizard.message)
            self.assertEqual(env["purchase.order"].browse(loser).state, "draft")
            cr.rollback()

    def _split_fixture(self):
        """Two orders of 10,000 split 60/40 over projects A (materials 100,000) and B
        (materials 5,000, room for one 40 % share), the distribution keys in opposite
        orders: both lock A's and B's budget lines, always in the same order."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            materials = env.ref("hyc_project_budget.category_materials")
            materials.write({"policy": "block", "tolerance_pct": 0.0})
            product = env["product.product"].create({
                "name": "Race split beam", "type": "service", "purchase_method": "purchase",
            })
            materials.product_ids = [Command.link(product.id)]
            vendor = env["res.partner"].create({"name": "Race split vendor"})
            projects = env["project.project"].create([{"name": "Race split A"}, {"name": "Race split B"}])
            for project in projects:
                project._create_analytic_account()
            budgets = env["hyc.project.budget"].create([{
                "project_id": project.id,
                "line_ids": [Command.create({"category_id": materials.id, "amount": amount})],
            } for project, amount in zip(projects, (100000.0, 5000.0), strict=True)])
            budgets.action_approve()
            account_a, account_b = (str(project.account_id.id) for project in projects)
            orders = env["purchase.order"].create([{
                "partner_id": vendor.id,
                "order_line": [Command.create({
                    "product_id": product.id, "product_qty": 1, "price_unit": 10000.0, "taxes_id": False,
                    "analytic_distribution": distribution,
                })],
            } for distribution in ({account_a: 60.0, account_b: 40.0}, {account_b: 40.0, account_a: 60.0})])
            ids = {
                "orders": orders.ids, "product": product.id, "vendor": vendor.id, "projects": projects.ids,
                "accounts": projects.account_id.ids, "budgets": budgets.ids, "lines": budgets.line_ids.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup, ids)
        return ids

    def test_two_concurrent_split_confirmations_never_exceed_the_second_projects_budget(self):
        ids = self._split_fixture()
        results = race(
            self.registry, ids["orders"],
            begin=lambda env, oid: env["purchase.order"].browse(oid).order_line.mapped("hyc_commitments"),
            act=lambda env, oid: env["purchase.order"].browse(oid).button_confirm(),
        )
        _logger.info("split budget race results: %s", results)
        confirmed = [oid for oid, result in results.items() if result == "done"]
        self.assertEqual(len(confirmed), 1, f"exactly one confirmation must succeed: {results}")
        loser = next(oid for oid in ids["orders"] if oid not in confirmed)
        # no deadlock: the loser waited on the lock, then failed to serialise or was refused
        self.assertTrue(
            results[loser] == "serialization_failure" or results[loser][0] == "blocked", results[loser]
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            line_a, line_b = env["hyc.project.budget.line"].browse(ids["lines"])
            self.assertEqual((line_a.committed_amount, line_b.committed_amount), (6000.0, 4000.0))
            self.assertEqual(line_b.available_amount, 1000.0)
            self.assertEqual(env["hyc.project.budget.line"]._hyc_reconcile(), 0)
            cr.rollback()
