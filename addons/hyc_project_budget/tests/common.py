import threading

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


def race(registry, record_ids, begin, act, timeout=120):
    """Run ``act(env, record_id)`` for every id at the same moment, each in its own
    thread and committed transaction: users clicking together on real cursors.

    ``begin(env, record_id)`` runs first in each transaction, so that every snapshot
    is taken before any of them acts. Returns ``{record_id: outcome}``: ``"done"``;
    ``("blocked", model or message)`` when the budget check refused (a wizard opened,
    or a UserError); ``"serialization_failure"`` when PostgreSQL made it lose (Odoo's
    request layer retries those); ``("error", repr)`` for anything else.
    """
    barrier = threading.Barrier(len(record_ids))
    results = {}

    def run(record_id):
        try:
            with registry.cursor() as cr:
                # The test runner's thread holds the registry lock for the whole run:
                # give the cursor its transaction so Environment() does not wait for it.
                cr.transaction = api.Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                begin(env, record_id)
                barrier.wait(timeout=30)
                action = act(env, record_id)
                cr.commit()  # pylint: disable=invalid-commit
            results[record_id] = ("blocked", action["res_model"]) if isinstance(action, dict) else "done"
        except UserError as exc:
            results[record_id] = ("blocked", str(exc))
        except pg_errors.SerializationFailure:
            results[record_id] = "serialization_failure"
        except Exception as exc:  # reported by the calling test
            results[record_id] = ("error", repr(exc))

    threads = [threading.Thread(target=run, args=(record_id,)) for record_id in record_ids]
    with mute_logger("odoo.sql_db"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=timeout)
    return results


class BudgetCase(TransactionCase):
    """A project with an approved budget: materials 100,000 (block), labour 50,000 (warn),
    subcontracting 100,000 (block, 5 % tolerance); products mapped to the categories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.currency = cls.company.currency_id
        cls.materials = env.ref("hyc_project_budget.category_materials")
        cls.labour = env.ref("hyc_project_budget.category_labour")
        cls.subcontracting = env.ref("hyc_project_budget.category_subcontracting")
        cls.materials.write({"policy": "block", "tolerance_pct": 0.0})
        cls.labour.write({"policy": "warn", "tolerance_pct": 0.0})
        cls.subcontracting.write({"policy": "block", "tolerance_pct": 5.0})
        cls.categ_materials = env["product.category"].create({"name": "Training rig materials"})
        cls.categ_steel = env["product.category"].create({"name": "Steel", "parent_id": cls.categ_materials.id})
        cls.materials.product_categ_ids = [Command.link(cls.categ_materials.id)]
        cls.steel = cls._product("Steel frame", cls.categ_steel, "consu")
        cls.install_service = cls._product("Installation crew day", env.ref("product.product_category_all"), "service")
        cls.labour.product_ids = [Command.link(cls.install_service.id)]
        cls.welding = cls._product("Welding subcontract", env.ref("product.product_category_all"), "service")
        cls.subcontracting.product_ids = [Command.link(cls.welding.id)]
        cls.vendor = env["res.partner"].create({"name": "Jiangsu Steel Co."})
        cls.project = env["project.project"].create({"name": "Fire-drill simulator, Wuxi"})
        cls.project._create_analytic_account()
        cls.account = cls.project.account_id
        cls.budget = env["hyc.project.budget"].create({
            "project_id": cls.project.id,
            "line_ids": [
                Command.create({"category_id": cls.materials.id, "amount": 100000.0}),
                Command.create({"category_id": cls.labour.id, "amount": 50000.0}),
                Command.create({"category_id": cls.subcontracting.id, "amount": 100000.0}),
            ],
        })
        cls.budget.action_approve()
        cls.line_materials = cls.budget.line_ids.filtered(lambda bl: bl.category_id == cls.materials)
        cls.line_labour = cls.budget.line_ids.filtered(lambda bl: bl.category_id == cls.labour)
        cls.line_sub = cls.budget.line_ids.filtered(lambda bl: bl.category_id == cls.subcontracting)
        cls.buyer = new_test_user(
            env, login="hyc_buyer", groups="base.group_user,hyc_project_budget.group_purchasing,account.group_account_invoice",
        )
        cls.manager = new_test_user(
            env, login="hyc_manager", groups="base.group_user,hyc_project_budget.group_management",
        )

    @classmethod
    def _product(cls, name, categ, kind):
        return cls.env["product.product"].create({
            "name": name, "categ_id": categ.id, "type": kind, "purchase_method": "purchase",
            "standard_price": 1.0,
        })

    def _po(self, product, qty, price, distribution=None, user=None):
        env = self.env(user=user) if user else self.env
        return env["purchase.order"].create({
            "partner_id": self.vendor.id,
            "order_line": [Command.create({
                "product_id": product.id, "product_qty": qty, "price_unit": price, "taxes_id": False,
                "analytic_distribution": distribution or {str(self.account.id): 100.0},
            })],
        })

    def _bill(self, po_line, qty, price=None, user=None):
        env = self.env(user=user) if user else self.env
        return env["account.move"].create({
            "move_type": "in_invoice",
            "partner_id": self.vendor.id,
            "invoice_date": "2026-12-01",
            "invoice_line_ids": [Command.create({
                "product_id": po_line.product_id.id, "quantity": qty,
                "price_unit": po_line.price_unit if price is None else price,
                "tax_ids": False, "purchase_line_id": po_line.id,
                "analytic_distribution": po_line.analytic_distribution,
            })],
        })

    def _direct_bill(self, product, qty, price, user=None):
        env = self.env(user=user) if user else self.env
        return env["account.move"].create({
            "move_type": "in_invoice",
            "partner_id": self.vendor.id,
            "invoice_date": "2026-12-01",
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": qty, "price_unit": price, "tax_ids": False,
                "analytic_distribution": {str(self.account.id): 100.0},
            })],
        })

    def _figures(self, line):
        line.invalidate_recordset()
        return line.amount, line.committed_amount, line.actual_amount, line.available_amount

    def money(self, amount):
        return f"{self.currency.symbol}{amount:,.2f}"

    def assertTotalsMatchSources(self, budget=None):
        """The running totals of every line of the budget equal the source aggregates
        (confirmed purchase lines' open amounts, analytic cost items), and a
        reconciliation finds nothing to correct."""
        lines = (budget or self.budget).line_ids
        Line = self.env["hyc.project.budget.line"]
        Line._hyc_sync_pending()
        self.env.flush_all()
        sources = lines._hyc_source_figures()
        for line in lines:
            self.assertEqual(
                (self.currency.round(line.committed_total), self.currency.round(line.actual_total)),
                (self.currency.round(sources[line.id][0]), self.currency.round(sources[line.id][1])),
                f"running totals of {line.category_id.name} differ from the sources",
            )
        self.assertEqual(Line._hyc_reconcile(), 0)
