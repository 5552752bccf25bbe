from odoo import Command
from odoo.tests import tagged

from .common import HycBatchCase


@tagged("post_install", "-at_install")
class TestLotCostCnyCompany(HycBatchCase):
    """The wholesaler keeps its books in CNY and pays a USD freight bill."""

    @classmethod
    def _hyc_setup_company(cls):
        cny = cls.env.ref("base.CNY")
        usd = cls.env.ref("base.USD")
        (cny | usd).active = True
        company = cls.env["res.company"].create({
            "name": "厦门 Lamb Wholesale (CNY test)",
            "country_id": cls.env.ref("base.cn").id,
            "currency_id": cny.id,
        })
        cls.env.user.company_ids |= company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        cls.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
        # the generic chart sets its own currency; no entry exists yet, so the books can be CNY
        company.currency_id = cny
        # only this company's rates count in the test: 1 USD = 7.10 CNY on the bill date, 7.30 later
        cls.env["res.currency.rate"].search([("currency_id", "in", (cny | usd).ids)]).unlink()
        cls.env["res.currency.rate"].create([
            {"currency_id": usd.id, "name": "2026-11-02", "rate": 1 / 7.10, "company_id": company.id},
            {"currency_id": usd.id, "name": "2026-11-20", "rate": 1 / 7.30, "company_id": company.id},
        ])
        cls.usd = usd

    def test_company_is_cny(self):
        self.assertEqual(self.company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.stock_location.company_id, self.company)
        self.assertEqual(self.category.property_valuation, "real_time")

    def test_usd_freight_bill_converted_at_the_bill_date(self):
        bill = self.env["account.move"].create({
            "move_type": "in_invoice",
            "partner_id": self.partner.id,
            "invoice_date": "2026-11-02",
            "currency_id": self.usd.id,
            "invoice_line_ids": [Command.create({"product_id": self.freight.id, "quantity": 1, "price_unit": 150.0})],
        })
        # lot NX-USD1: 30 legs @ 40.00 CNY (1,200.00); lot NX-USD2: 20 racks @ 60.00 CNY (1,200.00)
        receipt = self._receive([(self.lamb_leg, 30, 40.0, "NX-USD1"), (self.lamb_rack, 20, 60.0, "NX-USD2")])
        leg_lot = self._lot(self.lamb_leg, "NX-USD1")
        rack_lot = self._lot(self.lamb_rack, "NX-USD2")
        self.assertEqual((leg_lot.value_svl, rack_lot.value_svl), (1200.0, 1200.0))
        # 10 of the 30 legs are sold before the bill arrives
        self._deliver(self.lamb_leg, leg_lot, 10)
        self.assertEqual(leg_lot.value_svl, 800.0)
        cost = self.env["stock.landed.cost"].create({
            "picking_ids": [Command.set(receipt.ids)],
            "vendor_bill_id": bill.id,
            "date": "2026-11-25",
            "cost_lines": [Command.create({
                "product_id": self.freight.id,
                "name": "Freight (USD)",
                "split_method": "by_quantity",
                "price_unit": 0.0,
                "hyc_currency_id": self.usd.id,
                "hyc_amount_currency": 150.0,
            })],
        })
        self.assertEqual(cost.currency_id, self.env.ref("base.CNY"))
        # 150.00 USD × 7.10 = 1,065.00 CNY at the bill date (not × 7.30 = 1,095.00 on 2026-11-20+)
        self.assertEqual(cost.cost_lines.price_unit, 1065.0)
        cost.compute_landed_cost()
        # by quantity 30 : 20 → 639.00 to the legs, 426.00 to the racks
        shares = {line.product_id: line.additional_landed_cost for line in cost.valuation_adjustment_lines}
        self.assertEqual(shares, {self.lamb_leg: 639.0, self.lamb_rack: 426.0})
        leg_line = cost.hyc_lot_line_ids.filtered(lambda line: line.lot_id == leg_lot)
        # legs: 20 of 30 still in stock → 426.00 to stock, 213.00 to cost of goods sold
        self.assertEqual((leg_line.stock_value, leg_line.cogs_value), (426.0, 213.0))
        cost.button_validate()
        self.assertEqual(cost.state, "done")
        layers = {layer.lot_id: layer.value for layer in cost.stock_valuation_layer_ids}
        self.assertEqual(layers, {leg_lot: 426.0, rack_lot: 426.0})
        self.assertEqual(set(cost.stock_valuation_layer_ids.currency_id), {self.env.ref("base.CNY")})
        self.assertEqual(leg_lot.value_svl, 1226.0)  # 800 + 426
        self.assertEqual(rack_lot.value_svl, 1626.0)  # 1,200 + 426
        self.assertEqual(leg_lot.hyc_unit_cost, 61.3)  # 1,226 / 20
        self.assertEqual(rack_lot.hyc_unit_cost, 81.3)  # 1,626 / 20
        entry = cost.account_move_id
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.company_id, self.company)
        self.assertEqual(entry.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self._balance(entry, self.accounts["stock_valuation"]), 852.0)
        self.assertEqual(self._balance(entry, self.accounts["expense"]), 213.0)
        # the freight's own account carries the whole bill; the sold share passes through stock output
        freight_account = cost.cost_lines.account_id or self.category.property_stock_account_input_categ_id
        self.assertEqual(self._balance(entry, freight_account), -1065.0)
        self.assertEqual(self._balance(entry, self.accounts["stock_output"]), 0.0)
        # 1,065.00 (bill) + 213.00 (valuation → output) + 213.00 (output → COGS)
        self.assertEqual(sum(entry.line_ids.mapped("debit")), 1491.0)
