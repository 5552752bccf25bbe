from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.translate import code_translations

from .common import BudgetCase


@tagged("post_install", "-at_install")
class TestProjectDashboardData(BudgetCase):
    """The dashboard's server method: exact figures per category and for the contract,
    stage and milestones, and only the figures the caller's roles may see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.project.write({
            "allow_milestones": True,
            "stage_id": env.ref("hyc_project_budget.project_stage_procurement").id,
        })
        # Materials: 95,000 of 100,000 ordered, 38,000 of it billed -> 95 % consumed (at risk)
        cls.po_steel = cls._po_as_root(cls.steel, 10, 9500.0)
        cls.po_steel.button_confirm()
        bill = env["account.move"].create({
            "move_type": "in_invoice", "partner_id": cls.vendor.id, "invoice_date": "2026-11-20",
            "invoice_line_ids": [Command.create({
                "product_id": cls.steel.id, "quantity": 4, "price_unit": 9500.0, "tax_ids": False,
                "purchase_line_id": cls.po_steel.order_line.id,
                "analytic_distribution": {str(cls.account.id): 100.0},
            })],
        })
        bill.action_post()
        # Labour (warn): 60,000 ordered on a 50,000 budget, the warning accepted -> over
        cls._po_as_root(cls.install_service, 10, 6000.0).with_context(hyc_budget_warning_ack=True).button_confirm()
        # The contract: 300,000 sold, half invoiced on 2026-10-01, due 2026-11-01, unpaid
        customer = env["res.partner"].create({"name": "Wuxi Vocational Safety School (test)"})
        system = env["product.product"].create({
            "name": "Training system (test)", "type": "service", "invoice_policy": "order",
        })
        so = env["sale.order"].create({
            "partner_id": customer.id,
            "order_line": [Command.create({
                "product_id": system.id, "product_uom_qty": 1, "price_unit": 300000.0, "tax_id": False,
                "analytic_distribution": {str(cls.account.id): 100.0},
            })],
        })
        so.action_confirm()
        invoice = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "invoice_date": "2026-10-01", "invoice_date_due": "2026-11-01",
            "invoice_line_ids": [Command.create({
                "product_id": system.id, "quantity": 0.5, "price_unit": 300000.0, "tax_ids": False,
                "sale_line_ids": [Command.set(so.order_line.ids)],
                "analytic_distribution": {str(cls.account.id): 100.0},
            })],
        })
        invoice.action_post()
        cls.milestone_design = env["project.milestone"].create({
            "name": "Design approved", "project_id": cls.project.id, "deadline": "2026-10-15",
        })
        env["project.milestone"].create({
            "name": "Frames produced", "project_id": cls.project.id, "deadline": "2026-11-30",
        })
        cls.milestone_acceptance = env["project.milestone"].create({
            "name": "Site acceptance", "project_id": cls.project.id, "deadline": "2026-12-20",
        })
        with freeze_time("2026-10-14"):
            cls.milestone_design.is_reached = True
            cls.milestone_design.flush_recordset()
        cls.finance_manager = new_test_user(
            env, login="hyc_dash_mgmt",
            groups="base.group_user,hyc_project_budget.group_management,project.group_project_stages",
        )
        cls.project_manager = new_test_user(
            env, login="hyc_dash_pm", groups="base.group_user,hyc_project_budget.group_project_manager",
        )
        cls.project_user = new_test_user(env, login="hyc_dash_user", groups="base.group_user,project.group_project_user")

    @classmethod
    def _po_as_root(cls, product, qty, price):
        return cls.env["purchase.order"].create({
            "partner_id": cls.vendor.id,
            "order_line": [Command.create({
                "product_id": product.id, "product_qty": qty, "price_unit": price, "taxes_id": False,
                "analytic_distribution": {str(cls.account.id): 100.0},
            })],
        })

    def _data(self, user):
        self.env.invalidate_all()
        return self.project.with_user(user).hyc_dashboard_data()

    @freeze_time("2026-12-05")
    def test_management_sees_budget_by_category_and_the_contract_pnl(self):
        data = self._data(self.finance_manager)
        lines = [
            (r["code"], r["budget"], r["committed"], r["actual"], r["available"], r["consumed_pct"], r["status"])
            for r in data["budget"]["lines"]
        ]
        self.assertEqual(lines, [
            ("MAT", 100000.0, 57000.0, 38000.0, 5000.0, 95.0, "at_risk"),
            ("LAB", 50000.0, 60000.0, 0.0, -10000.0, 120.0, "over"),
            ("SUB", 100000.0, 0.0, 0.0, 100000.0, 0.0, "ok"),
        ])
        self.assertEqual(data["budget"]["total"], {
            "budget": 250000.0, "committed": 117000.0, "actual": 38000.0, "available": 95000.0,
        })
        self.assertEqual((data["budget"]["status"], data["budget"]["state"]), ("over", "approved"))
        # revenue 150,000 invoiced and 150,000 to invoice; costs = the 38,000 billed;
        # profit 112,000 = 74.67 % of revenue; the unpaid invoice is past due on 2026-12-05
        self.assertEqual(data["pnl"], {
            "invoiced": 150000.0, "to_invoice": 150000.0, "costs": 38000.0,
            "profit": 112000.0, "margin_pct": 74.67, "overdue": 150000.0,
        })
        # the contract P&L's rows (models/project_contract_pnl.py) end with their total, which
        # is the project's P&L
        total = data["contracts"][-1]
        self.assertEqual(
            (total["kind"], total["revenue"], total["to_invoice"], total["profit"], total["overdue"]),
            ("total", 150000.0, 150000.0, 112000.0, 150000.0),
        )
        self.assertEqual(data["currency_id"], self.currency.id)
        self.assertTrue(data["show_budget"] and data["show_pnl"])

    @freeze_time("2026-12-05")
    def test_stage_and_milestones(self):
        data = self._data(self.finance_manager)
        self.assertEqual(data["project"]["stage"], "Procurement")
        ours = [(s["name"], s["current"], s["passed"]) for s in data["stages"] if s["name"] in (
            "Design", "Procurement", "Production", "Warranty")]
        self.assertEqual(ours, [
            ("Design", False, True), ("Procurement", True, False),
            ("Production", False, False), ("Warranty", False, False),
        ])
        self.assertEqual(
            [(m["name"], m["deadline"], m["is_reached"], m["reached_date"], m["is_deadline_exceeded"])
             for m in data["milestones"]],
            [("Design approved", "2026-10-15", True, "2026-10-14", False),
             ("Frames produced", "2026-11-30", False, False, True),
             ("Site acceptance", "2026-12-20", False, False, False)],
        )
        # without Odoo's "Project Stages" setting the stage is not shown (nor readable)
        self.assertEqual((self._data(self.project_manager)["show_stages"], self._data(self.project_manager)["stages"]),
                         (False, []))

    def test_project_manager_gets_the_budget_but_no_pnl(self):
        data = self._data(self.project_manager)
        self.assertTrue(data["show_budget"])
        self.assertEqual(data["budget"]["total"]["committed"], 117000.0)
        self.assertFalse(data["show_pnl"])
        self.assertNotIn("pnl", data)

    def test_project_user_gets_no_money_figures(self):
        data = self._data(self.project_user)
        self.assertFalse(data["show_budget"] or data["show_pnl"])
        self.assertNotIn("budget", data)
        self.assertNotIn("pnl", data)
        self.assertEqual([m["name"] for m in data["milestones"]], ["Design approved", "Frames produced", "Site acceptance"])
        listed = self.env["project.project"].with_user(self.project_user).hyc_dashboard_projects()
        row = next(r for r in listed["projects"] if r["id"] == self.project.id)
        self.assertEqual(set(row), {"id", "name", "partner", "stage", "currency_id"})

    @freeze_time("2026-12-05")
    def test_projects_list_has_the_key_figures_per_role(self):
        self.env.invalidate_all()
        listed = self.env["project.project"].with_user(self.finance_manager).hyc_dashboard_projects()
        self.assertTrue(listed["show_budget"] and listed["show_pnl"])
        row = next(r for r in listed["projects"] if r["id"] == self.project.id)
        self.assertEqual(
            {k: row[k] for k in ("name", "stage", "status", "budget", "committed", "actual", "available",
                                 "invoiced", "to_invoice", "costs", "profit", "margin_pct", "overdue")},
            {"name": "Fire-drill simulator, Wuxi", "stage": "Procurement", "status": "over",
             "budget": 250000.0, "committed": 117000.0, "actual": 38000.0, "available": 95000.0,
             "invoiced": 150000.0, "to_invoice": 150000.0, "costs": 38000.0, "profit": 112000.0,
             "margin_pct": 74.67, "overdue": 150000.0},
        )
        pm_row = next(
            r for r in self.env["project.project"].with_user(self.project_manager).hyc_dashboard_projects()["projects"]
            if r["id"] == self.project.id
        )
        self.assertEqual((pm_row["status"], pm_row["available"]), ("over", 95000.0))
        self.assertNotIn("profit", pm_row)

    def test_reachable_from_the_project_and_from_odoos_project_panel(self):
        action = self.project.with_user(self.project_manager).action_hyc_open_dashboard()
        self.assertEqual(
            (action["type"], action["tag"], action["context"]),
            ("ir.actions.client", "hyc_project_budget.project_dashboard", {"active_id": self.project.id}),
        )
        buttons = self.project.with_user(self.project_manager).get_panel_data()["buttons"]
        self.assertIn("action_hyc_open_dashboard", [b["action"] for b in buttons])

    def test_dashboard_strings_are_translated_for_the_web_client(self):
        # strings of the OWL component (_t and template text) are served from the .po entries
        # marked odoo-javascript: one without the mark would stay English in a zh_CN session
        web = {m["id"]: m["string"] for m in code_translations.get_web_translations("hyc_project_budget", "zh_CN")["messages"]}
        self.assertEqual(
            {key: web.get(key) for key in (
                "At risk", "Budget by Category", "Committed", "Consumed", "Contract P&L", "Milestones",
                "Over Budget / At Risk", "Overdue Receivables", "Reached", "Stage",
            )},
            {"At risk": "预警", "Budget by Category": "分类预算", "Committed": "已占用", "Consumed": "已消耗",
             "Contract P&L": "合同损益", "Milestones": "里程碑", "Over Budget / At Risk": "超预算 / 预警",
             "Overdue Receivables": "逾期应收", "Reached": "已达成", "Stage": "阶段"},
        )
        python = code_translations.get_python_translations("hyc_project_budget", "zh_CN")
        self.assertEqual(python.get("Dashboard: %(project)s"), "看板：%(project)s")
