from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import HycBatchCase

MODULE = "hyc_inventory_batch"


@tagged("post_install", "-at_install")
class TestCompanyRules(HycBatchCase):
    """Each company sees its own allocations, split per lot, margin rows and near-expiry lots
    (record rules company_id in company_ids: Odoo's on stock.landed.cost, ours on the rest).

    Company A (the main company) and company B (a second company with its own chart) each
    receive a lot of lamb leg, deliver part of it, and post a freight allocation.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.receipt_a, cls.cost_a, cls.lot_a = cls._company_story(cls.lamb_leg, "CO-A1", 100.0)

        cls.company_b = cls.env["res.company"].create({"name": "泉州 Lamb Shop (test B)"})
        cls.env.user.company_ids |= cls.company_b
        env_b = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company_b.ids))
        env_b["account.chart.template"].try_loading("generic_coa", company=cls.company_b, install_demo=False)
        warehouse_b = env_b["stock.warehouse"].search([("company_id", "=", cls.company_b.id)], limit=1)
        # the helpers of HycBatchCase work on the class's company fixtures: point them at B for a while
        saved = {name: getattr(cls, name) for name in ("env", "stock_location", "picking_type_in", "picking_type_out", "category", "freight")}
        try:
            cls.env = env_b
            cls.stock_location = warehouse_b.lot_stock_id
            cls.picking_type_in = warehouse_b.in_type_id
            cls.picking_type_out = warehouse_b.out_type_id
            cls.category = env_b["product.category"].create({
                "name": "Lamb (test B)", "property_cost_method": "fifo", "property_valuation": "real_time",
                "hyc_perishable": True, "hyc_alert_days": 5})
            cls.freight = env_b["product.product"].create({
                "name": "Freight 宁夏→泉州 (test B)", "type": "service", "landed_cost_ok": True, "categ_id": cls.category.id})
            lamb_b = cls._product("Lamb leg (test B)", weight=1.0, volume=0.002)
            cls.receipt_b, cls.cost_b, cls.lot_b = cls._company_story(lamb_b, "CO-B1", 60.0)
        finally:
            for name, value in saved.items():
                setattr(cls, name, value)

        # both lots expired yesterday: each is on its own company's near-expiry list
        (cls.lot_a | cls.lot_b).expiration_date = fields.Datetime.now() - timedelta(days=1)
        groups = f"base.group_user,{MODULE}.group_finance,{MODULE}.group_warehouse"
        cls.user_a = new_test_user(cls.env, login="hyc_co_a", groups=groups, company_id=cls.company_a.id, company_ids=[Command.set(cls.company_a.ids)])
        cls.user_b = new_test_user(cls.env, login="hyc_co_b", groups=groups, company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)])
        cls.user_ab = new_test_user(cls.env, login="hyc_co_ab", groups=groups, company_id=cls.company_a.id,
                                    company_ids=[Command.set((cls.company_a | cls.company_b).ids)])

    @classmethod
    def _company_story(cls, product, lot_name, freight):
        """10 received at 50.00, 4 delivered, then a freight bill on the receipt."""
        receipt = cls._receive([(product, 10, 50.0, lot_name)])
        lot = cls._lot(product, lot_name)
        cls._deliver(product, lot, 4)
        cost = cls._allocation(receipt, freight, "equal")
        cost.button_validate()
        if cost.state != "done":
            raise AssertionError(f"allocation of {lot_name} not posted")
        return receipt, cost, lot

    def _seen(self, user, companies=None):
        """What the user sees, with the given companies active in the company switcher."""
        env = self.env(user=user, context=dict(self.env.context, allowed_company_ids=(companies or user.company_id).ids))
        return {
            "allocations": env["stock.landed.cost"].search([("id", "in", (self.cost_a | self.cost_b).ids)]),
            "split": env["hyc.landed.cost.lot.line"].search([("lot_id", "in", (self.lot_a | self.lot_b).ids)]).lot_id,
            "margin": env["hyc.lot.margin.report"].search([("lot_id", "in", (self.lot_a | self.lot_b).ids)]).lot_id,
            "near_expiry": env["hyc.near.expiry.report"].search([("lot_id", "in", (self.lot_a | self.lot_b).ids)]).lot_id,
        }

    def test_the_fixture_has_one_story_per_company(self):
        self.assertEqual((self.cost_a.company_id, self.cost_b.company_id), (self.company_a, self.company_b))
        lines = self.env["hyc.landed.cost.lot.line"].search([("lot_id", "in", (self.lot_a | self.lot_b).ids)])
        # 4 of 10 sold before the freight: 40 % of it went to cost of goods sold
        self.assertEqual(sorted((line.company_id.name, line.stock_value, line.cogs_value) for line in lines),
                         sorted([(self.company_a.name, 60.0, 40.0), (self.company_b.name, 36.0, 24.0)]))

    def test_user_of_company_b_sees_only_company_b(self):
        seen = self._seen(self.user_b)
        self.assertEqual(seen["allocations"], self.cost_b)
        self.assertEqual(seen["split"], self.lot_b)
        self.assertEqual(seen["margin"], self.lot_b)
        self.assertEqual(seen["near_expiry"], self.lot_b)

    def test_user_of_company_a_sees_only_company_a(self):
        seen = self._seen(self.user_a)
        self.assertEqual(seen["allocations"], self.cost_a)
        self.assertEqual(seen["split"], self.lot_a)
        self.assertEqual(seen["margin"], self.lot_a)
        self.assertEqual(seen["near_expiry"], self.lot_a)

    def test_user_of_company_b_cannot_read_company_a_rows_by_id(self):
        lines_a = self.env["hyc.landed.cost.lot.line"].search([("lot_id", "=", self.lot_a.id)])
        self.assertTrue(lines_a)
        env_b = self.env(user=self.user_b, context=dict(self.env.context, allowed_company_ids=self.company_b.ids))
        self.assertFalse(env_b["hyc.landed.cost.lot.line"].search([("id", "in", lines_a.ids)]))
        self.assertFalse(env_b["stock.landed.cost"].search_count([("id", "=", self.cost_a.id)]))
        totals = env_b["hyc.lot.margin.report"].hyc_totals([])
        totals_b = self.env["hyc.lot.margin.report"].hyc_totals([("company_id", "=", self.company_b.id)])
        self.assertEqual(totals, totals_b)

    def test_multi_company_user_sees_both_when_both_are_active(self):
        seen = self._seen(self.user_ab, self.company_a | self.company_b)
        self.assertEqual(seen["allocations"], self.cost_a | self.cost_b)
        self.assertEqual(seen["split"], self.lot_a | self.lot_b)
        self.assertEqual(seen["margin"], self.lot_a | self.lot_b)
        self.assertEqual(seen["near_expiry"], self.lot_a | self.lot_b)

    def test_multi_company_user_sees_one_when_one_is_active(self):
        seen = self._seen(self.user_ab, self.company_b)
        self.assertEqual(seen["allocations"], self.cost_b)
        self.assertEqual(seen["split"], self.lot_b)
        self.assertEqual(seen["margin"], self.lot_b)
        self.assertEqual(seen["near_expiry"], self.lot_b)
