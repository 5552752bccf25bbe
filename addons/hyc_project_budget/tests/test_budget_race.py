import logging
import threading

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

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
            env["hyc.project.budget"].browse(ids["budget"]).unlink()
            env.ref("hyc_project_budget.category_materials").product_ids = [Command.unlink(ids["product"])]
            env["project.project"].browse(ids["project"]).unlink()
            env["account.analytic.account"].browse(ids["account"]).exists().unlink()
            env["product.product"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["vendor"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _confirm_in_thread(self, order_id, barrier, results):
        try:
            with self.registry.cursor() as cr:
                # The test runner's thread holds the registry lock for the whole run:
                # give the cursor its transaction so Environment() does not wait for it.
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                order = env["purchase.order"].browse(order_id)
                order.order_line.mapped("hyc_committed_amount")  # the transaction has begun
                barrier.wait(timeout=30)
                action = order.button_confirm()
                cr.commit()  # pylint: disable=invalid-commit
            # OdooBot holds the management role: a blocked order opens the override wizard
            results[order_id] = ("blocked", action["res_model"]) if isinstance(action, dict) else "confirmed"
        except UserError as exc:
            results[order_id] = ("blocked", str(exc))
        except pg_errors.SerializationFailure:
            results[order_id] = "serialization_failure"
        except Exception as exc:  # reported by the test below
            results[order_id] = ("error", repr(exc))

    def test_two_concurrent_confirmations_never_exceed_a_blocking_budget(self):
        ids = self._committed_fixture()
        barrier = threading.Barrier(2)
        results = {}
        threads = [threading.Thread(target=self._confirm_in_thread, args=(oid, barrier, results))
                   for oid in ids["orders"]]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        _logger.info("budget race results: %s", results)
        self.assertEqual(len(results), 2, results)
        confirmed = [oid for oid, result in results.items() if result == "confirmed"]
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
