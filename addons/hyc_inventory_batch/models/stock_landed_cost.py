"""The expense allocation document (采购费用分摊单) is Odoo's own stock.landed.cost.

What this adds to it:
- the split of each expense line is exact (Decimal, currency rounding, residue to the
  largest line) and refuses to split on a zero basis instead of silently splitting equally;
- a preview of the split per receipt line AND per lot, with the share still in stock
  (raises stock value) and the share already sold (goes to cost of goods sold);
- validation posts exactly that preview: a lot gets the share of the receipt the expense
  belongs to, measured on that receipt's own valuation layer — never on the lot's whole
  quantity (Odoo 18's stock_landed_costs splits on ``lot.quantity_svl`` and over-values a
  lot that arrived in several receipts; upstream fix odoo/odoo#231936);
- a foreign-currency expense converted at the bill date;
- cancelling a posted allocation reverses its layers and its journal entry.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero

from ..lib.allocation import AllocationError, allocate, split_sold_share

# Odoo's "by current cost" splits on the receipt line's value: that is the "by amount" split
# (按金额); its label says so (same value, Odoo's selection extended, not redefined)
BY_AMOUNT_LABEL = [("by_current_cost_price", "By Amount (Current Cost)")]

LIB_METHOD = {
    "equal": "equal",
    "by_quantity": "by_quantity",
    "by_current_cost_price": "by_amount",
    "by_weight": "by_weight",
    "by_volume": "by_volume",
}

COST_GROUPS = "hyc_inventory_batch.group_cost_viewer,stock.group_stock_manager"


class StockLandedCost(models.Model):
    _inherit = "stock.landed.cost"

    hyc_lot_line_ids = fields.One2many(
        "hyc.landed.cost.lot.line", "cost_id", string="Split per Lot",
        groups=COST_GROUPS, readonly=True)
    hyc_reversal_move_id = fields.Many2one(
        "account.move", string="Reversal Entry", copy=False, readonly=True,
        groups=COST_GROUPS)

    # ------------------------------------------------------------------ split
    def compute_landed_cost(self):
        """Odoo's valuation lines (get_valuation_lines), split exactly, created in one go.

        Replaces Odoo's float split (residue on the last line, silent equal split when the
        total weight is zero) by lib.allocation: Decimal, residue on the largest line, a
        clear error on a zero basis or a negative amount. Then the per-lot preview.
        """
        for cost in self:
            cost._hyc_check_receipts()
            for line in cost.cost_lines:
                if line.currency_id.compare_amounts(line.price_unit, 0) < 0:
                    raise UserError(self.env._("Expense line %(line)s has a negative amount (%(amount)s); an allocation cannot be negative.",
                                      line=line.name or line.product_id.display_name, amount=line.price_unit))
        Adjustment = self.env["stock.valuation.adjustment.lines"]
        Adjustment.search([("cost_id", "in", self.ids)]).unlink()
        for cost in self.filtered(lambda c: c._get_targeted_move_ids()):
            cost = cost.with_company(cost.company_id)
            valuation_lines = cost.get_valuation_lines()
            rows = [{"amount": cost.currency_id.round(vals.get("former_cost", 0.0)), "quantity": vals.get("quantity", 0.0),
                     "weight": vals.get("weight", 0.0), "volume": vals.get("volume", 0.0)} for vals in valuation_lines]
            vals_list = []
            for cost_line in cost.cost_lines:
                shares = cost._hyc_split(cost_line, rows)
                vals_list += [dict(vals, cost_id=cost.id, cost_line_id=cost_line.id, additional_landed_cost=float(share))
                              for vals, share in zip(valuation_lines, shares, strict=True)]
            Adjustment.create(vals_list)
            cost._hyc_build_lot_lines()
        return True

    def _hyc_check_receipts(self):
        self.ensure_one()
        bad = self.picking_ids.filtered(lambda p: p.state != "done")
        if bad:
            raise UserError(self.env._("Only done receipts can carry an expense; these are not done: %(names)s (state: %(states)s).",
                              names=", ".join(bad.mapped("name")),
                              states=", ".join(sorted(set(bad.mapped("state"))))))

    def _hyc_split(self, cost_line, rows):
        """One expense line's shares over the valuation lines (lib.allocation, exact)."""
        method = LIB_METHOD.get(cost_line.split_method, "equal")
        basis_key = {"by_quantity": "quantity", "by_weight": "weight", "by_volume": "volume", "by_amount": "amount"}.get(method)
        if basis_key and not any(row[basis_key] for row in rows):
            basis = {"quantity": self.env._("quantity"), "weight": self.env._("weight"), "volume": self.env._("volume"), "amount": self.env._("amount")}[basis_key]
            raise UserError(self.env._("Cannot allocate %(line)s by %(basis)s: the receipt lines have a total %(basis)s of zero. "
                              "Set the products' %(basis)s or choose another split method.",
                              line=cost_line.name or cost_line.product_id.display_name, basis=basis))
        try:
            return allocate(cost_line.price_unit, method, rows, rounding=self.currency_id.rounding)
        except AllocationError as error:
            raise UserError(self.env._("Cannot allocate %(line)s: %(error)s", line=cost_line.name or cost_line.product_id.display_name, error=error)) from error

    def _hyc_build_lot_lines(self):
        """Per receipt line and lot: its share, what stays in stock, what was sold."""
        self.ensure_one()
        LotLine = self.env["hyc.landed.cost.lot.line"].sudo()
        LotLine.search([("cost_id", "=", self.id)]).unlink()
        rounding = self.currency_id.rounding
        vals_list = []
        for adjustment in self.sudo().valuation_adjustment_lines.filtered("move_id").sorted("id"):
            move = adjustment.move_id
            # the receipt's own layers (not earlier landed costs, which have no quantity)
            layers = move.stock_valuation_layer_ids.filtered(lambda svl: not svl.stock_valuation_layer_id and svl.quantity > 0)
            if move.product_id.lot_valuated:
                groups = list(layers.grouped("lot_id").items())
            else:
                groups = [(self.env["stock.lot"], layers)]
            if not groups:
                continue
            rows = [{"quantity": sum(group.mapped("quantity"))} for _lot, group in groups]
            shares = allocate(adjustment.additional_landed_cost, "by_quantity", rows, rounding=rounding)
            for (lot, group), row, share in zip(groups, rows, shares, strict=True):
                remaining = sum(group.mapped("remaining_qty"))
                stock_share, sold_share = split_sold_share(share, row["quantity"], remaining, rounding=rounding)
                vals_list.append({
                    "cost_id": self.id,
                    "adjustment_line_id": adjustment.id,
                    "cost_line_id": adjustment.cost_line_id.id,
                    "move_id": move.id,
                    "product_id": move.product_id.id,
                    "lot_id": lot.id,
                    "layer_id": group[:1].id,
                    "quantity": row["quantity"],
                    "remaining_qty": remaining,
                    "additional_cost": float(share),
                    "stock_value": float(stock_share),
                    "cogs_value": float(sold_share),
                })
        LotLine.create(vals_list)

    # -------------------------------------------------------------- validate
    def button_validate(self):
        """Post what the preview shows, through valuation layers and one journal entry.

        Same flow and accounts as Odoo's button_validate; the difference is the per-lot
        share (this receipt's layer, not the lot's whole quantity) and the sold share,
        both taken from the preview so stock value and journal entry agree to the cent.
        """
        self._check_can_validate()
        for cost in self:
            cost._hyc_check_receipts()
        # like Odoo: compute only what was never computed, keeping adjustments edited by hand;
        # the per-lot split is rebuilt in any case, from the quantities in stock right now
        never_computed = self.filtered(lambda c: not c.valuation_adjustment_lines)
        never_computed.compute_landed_cost()
        for cost in self - never_computed:
            cost._hyc_build_lot_lines()
        if not self._check_sum():
            raise UserError(self.env._("Cost and adjustments lines do not match. You should maybe recompute the landed costs."))
        for cost in self:
            cost.with_company(cost.company_id)._hyc_post()
        return True

    def _hyc_post(self):
        self.ensure_one()
        Layer = self.env["stock.valuation.layer"].sudo()
        move_vals = {
            "journal_id": self.account_journal_id.id,
            "date": self.date,
            "ref": self.name,
            "line_ids": [],
            "move_type": "entry",
        }
        layer_vals = []
        to_add_by_product = defaultdict(float)
        to_add_by_lot = defaultdict(float)
        lot_lines_by_adjustment = self.sudo().hyc_lot_line_ids.grouped("adjustment_line_id")
        for adjustment in self.valuation_adjustment_lines.filtered("move_id"):
            lot_lines = lot_lines_by_adjustment.get(adjustment, self.env["hyc.landed.cost.lot.line"])
            product = adjustment.product_id
            for lot_line in lot_lines:
                if self.currency_id.is_zero(lot_line.stock_value):
                    continue
                layer_vals.append({
                    "value": lot_line.stock_value,
                    "unit_cost": 0,
                    "quantity": 0,
                    "remaining_qty": 0,
                    "stock_valuation_layer_id": lot_line.layer_id.id,
                    "description": self.name,
                    "stock_move_id": adjustment.move_id.id,
                    "product_id": product.id,
                    "stock_landed_cost_id": self.id,
                    "company_id": self.company_id.id,
                    "lot_id": lot_line.lot_id.id,
                })
                lot_line.layer_id.remaining_value += lot_line.stock_value
                if product.cost_method in ("average", "fifo"):
                    to_add_by_product[product] += lot_line.stock_value
                    if lot_line.lot_id and product.lot_valuated:
                        to_add_by_lot[lot_line.lot_id] += lot_line.stock_value
            if product.valuation == "real_time":
                move_vals["line_ids"] += adjustment._hyc_account_move_lines(sum(lot_lines.mapped("cogs_value")))
        layers = Layer.create(layer_vals)
        self._hyc_update_standard_prices(to_add_by_product, to_add_by_lot)
        move_vals["stock_valuation_layer_ids"] = [fields.Command.set(layers.ids)]
        cost_vals = {"state": "done"}
        move = self.env["account.move"]
        if move_vals["line_ids"]:
            move = move.sudo().create(move_vals)
            cost_vals["account_move_id"] = move.id
        self.write(cost_vals)
        if move:
            move._post()
        self.reconcile_landed_cost()

    def _hyc_update_standard_prices(self, to_add_by_product, to_add_by_lot, sign=1):
        # one recordset each, so quantity_svl is computed for all of them at once
        products = self.env["product.product"].sudo().browse([p.id for p in to_add_by_product]).with_company(self.company_id)
        for product in products:
            if not float_is_zero(product.quantity_svl, precision_rounding=product.uom_id.rounding):
                product.with_context(disable_auto_svl=True).standard_price += sign * to_add_by_product[product] / product.quantity_svl
        lots = self.env["stock.lot"].sudo().browse([lot.id for lot in to_add_by_lot]).with_company(self.company_id)
        for lot in lots:
            if not float_is_zero(lot.quantity_svl, precision_rounding=lot.product_id.uom_id.rounding):
                lot.with_context(disable_auto_svl=True).standard_price += sign * to_add_by_lot[lot] / lot.quantity_svl

    # ---------------------------------------------------------------- cancel
    def button_cancel(self):
        """A posted allocation is reversed: negative layers and the reversed journal entry."""
        done = self.filtered(lambda c: c.state == "done")
        for cost in done:
            cost.with_company(cost.company_id)._hyc_reverse()
        return super(StockLandedCost, self - done).button_cancel()

    def _hyc_reverse(self):
        self.ensure_one()
        layers = self.sudo().stock_valuation_layer_ids.filtered(lambda svl: svl.value)
        reversal_vals = []
        to_remove_by_product = defaultdict(float)
        to_remove_by_lot = defaultdict(float)
        for layer in layers:
            reversal_vals.append({
                "value": -layer.value,
                "unit_cost": 0,
                "quantity": 0,
                "remaining_qty": 0,
                "stock_valuation_layer_id": layer.stock_valuation_layer_id.id,
                "description": self.env._("Reversal of %(name)s", name=self.name),
                "stock_move_id": layer.stock_move_id.id,
                "product_id": layer.product_id.id,
                "stock_landed_cost_id": self.id,
                "company_id": layer.company_id.id,
                "lot_id": layer.lot_id.id,
            })
            layer.stock_valuation_layer_id.remaining_value -= layer.value
            if layer.product_id.cost_method in ("average", "fifo"):
                to_remove_by_product[layer.product_id] += layer.value
                if layer.lot_id and layer.product_id.lot_valuated:
                    to_remove_by_lot[layer.lot_id] += layer.value
        self.env["stock.valuation.layer"].sudo().create(reversal_vals)
        self._hyc_update_standard_prices(to_remove_by_product, to_remove_by_lot, sign=-1)
        vals = {"state": "cancel"}
        if self.account_move_id:
            reversal = self.account_move_id.sudo()._reverse_moves(
                [{"date": fields.Date.context_today(self), "ref": self.env._("Reversal of %(name)s", name=self.name)}], cancel=True)
            vals["hyc_reversal_move_id"] = reversal.id
        self.write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_or_reversed(self):
        if any(cost.state == "done" or cost.sudo().hyc_reversal_move_id for cost in self):
            raise UserError(self.env._("A posted or reversed allocation cannot be deleted; it stays as the record of its journal entries."))

    # ------------------------------------------------------------------- API
    @api.model
    def hyc_allocate(self, picking_ids, expense_lines, date=False, vendor_bill_id=False, validate=True):
        """Create (and validate) an allocation for receipts, in one call (XML-RPC).

        expense_lines: list of dicts with product_id, split_method, and either price_unit
        (company currency) or currency_id + amount_currency (converted at the bill date).
        Any wrong input raises a clear error and, the call being one transaction, writes nothing.
        Returns {'id', 'name', 'state', 'amount_total', 'lots': [...]}.
        """
        self.env["stock.lot"]._hyc_check_cost_api_access()
        pickings = self.env["stock.picking"].sudo().browse(picking_ids).exists()
        if not picking_ids or len(pickings) != len(set(picking_ids)):
            raise UserError(self.env._("Unknown receipt id(s): %(ids)s.", ids=sorted(set(picking_ids) - set(pickings.ids))))
        if not expense_lines:
            raise UserError(self.env._("An allocation needs at least one expense line."))
        split_methods = dict(self.env["stock.landed.cost.lines"]._fields["split_method"].selection)
        lines = []
        for vals in expense_lines:
            if vals.get("split_method") not in split_methods:
                raise UserError(self.env._("Unknown split method %(method)s; use one of %(methods)s.",
                                  method=vals.get("split_method"), methods=", ".join(split_methods)))
            lines.append(fields.Command.create({key: vals[key] for key in (
                "product_id", "name", "split_method", "price_unit", "hyc_currency_id", "hyc_amount_currency", "account_id") if key in vals}))
        # run as the superuser, not as sudo(): Odoo's valuation reads stock quantities with
        # sudo(False), which an integration user (no inventory rights) may not do
        requester = self.env.user
        cost = self.with_user(SUPERUSER_ID).create({
            "picking_ids": [fields.Command.set(pickings.ids)],
            "date": date or fields.Date.context_today(self),
            "vendor_bill_id": vendor_bill_id,
            "cost_lines": lines,
        })
        cost.compute_landed_cost()
        if validate:
            cost.button_validate()
        cost.message_post(body=self.env._("Created over the API by %(user)s.", user=requester.name))
        return {
            "id": cost.id,
            "name": cost.name,
            "state": cost.state,
            "amount_total": cost.amount_total,
            "lots": [{
                "lot_id": line.lot_id.id,
                "lot": line.lot_id.name or "",
                "picking": line.move_id.picking_id.name,
                "additional_cost": line.additional_cost,
                "stock_value": line.stock_value,
                "cogs_value": line.cogs_value,
            } for line in cost.hyc_lot_line_ids],
        }


    # ------------------------------------------------------------------ demo
    @api.model
    def _hyc_demo_story(self):
        """Demo story (demo data only): two 宁夏 batches of lamb leg at different prices, a freight
        bill that arrives after part of the first batch was sold, sales from two 厦门 stores."""
        env = self.env
        ref = env.ref
        stock, supplier, customer = ref("stock.stock_location_stock"), ref("stock.stock_location_suppliers"), ref("stock.stock_location_customers")
        kg = ref("uom.product_uom_kgm")
        case = ref("hyc_inventory_batch.demo_uom_case_10kg")
        leg = ref("hyc_inventory_batch.demo_product_lamb_leg")
        freight = ref("hyc_inventory_batch.demo_product_freight")
        vendor = ref("hyc_inventory_batch.demo_partner_ningxia_coop")
        now = fields.Datetime.now()
        lot_1, lot_2 = env["stock.lot"].create([
            {"name": "NX-LEG-2611-A", "product_id": leg.id, "expiration_date": now + timedelta(days=2)},
            {"name": "NX-LEG-2611-B", "product_id": leg.id, "expiration_date": now + timedelta(days=20)},
        ])
        receipts = []
        for lot, qty, price in ((lot_1, 500, 58.0), (lot_2, 400, 62.0)):
            picking = env["stock.picking"].create({
                "picking_type_id": ref("stock.picking_type_in").id, "partner_id": vendor.id,
                "location_id": supplier.id, "location_dest_id": stock.id, "origin": "宁夏 batch",
                "move_ids": [Command.create({"name": leg.name, "product_id": leg.id, "product_uom_qty": qty, "product_uom": kg.id,
                                             "price_unit": price, "location_id": supplier.id, "location_dest_id": stock.id})],
            })
            picking.action_confirm()
            picking.move_ids.move_line_ids = [Command.clear(), Command.create({
                "product_id": leg.id, "lot_id": lot.id, "quantity": qty, "picking_id": picking.id,
                "location_id": supplier.id, "location_dest_id": stock.id})]
            picking.move_ids.picked = True
            picking.button_validate()
            receipts.append(picking)
        # sales: 思明 store buys 10 cases of 10 kg from batch A, 湖里 store 120 kg from batch B
        for partner_xmlid, qty, uom, price, lot in (("demo_partner_store_siming", 10, case, 780.0, lot_1),
                                                    ("demo_partner_store_huli", 120, kg, 82.0, lot_2)):
            order = env["sale.order"].create({
                "partner_id": ref(f"hyc_inventory_batch.{partner_xmlid}").id,
                "order_line": [Command.create({"product_id": leg.id, "product_uom_qty": qty, "product_uom": uom.id,
                                               "price_unit": price, "tax_id": [Command.clear()]})],
            })
            order.action_confirm()
            delivery = order.picking_ids
            delivery.move_ids.move_line_ids = [Command.clear(), Command.create({
                "product_id": leg.id, "lot_id": lot.id, "quantity": uom._compute_quantity(qty, kg), "product_uom_id": kg.id,
                "picking_id": delivery.id, "location_id": stock.id, "location_dest_id": customer.id})]
            delivery.move_ids.picked = True
            delivery.button_validate()
        # the freight bill of batch A arrives after 100 of its 500 kg were sold
        cost = self.create({
            "picking_ids": [Command.set(receipts[0].ids)],
            "description": "宁夏→厦门 freight, batch A (invoiced late)",
            "cost_lines": [Command.create({"product_id": freight.id, "name": freight.name, "price_unit": 2400.0, "split_method": "by_weight"})],
        })
        cost.button_validate()
        # batch B's freight is still a draft to review
        self.create({
            "picking_ids": [Command.set(receipts[1].ids)],
            "description": "宁夏→厦门 freight, batch B",
            "cost_lines": [Command.create({"product_id": freight.id, "name": freight.name, "price_unit": 1800.0, "split_method": "by_weight"})],
        }).compute_landed_cost()
        ref("stock.warehouse0").hyc_manager_id = ref("base.user_admin")
        return True


class StockLandedCostLine(models.Model):
    _inherit = "stock.landed.cost.lines"

    split_method = fields.Selection(selection_add=BY_AMOUNT_LABEL, help=(
        "Equal: Cost will be equally divided.\n"
        "By Quantity: Cost will be divided according to product's quantity.\n"
        "By Amount (Current Cost): Cost will be divided according to the value of each received line (its purchase amount).\n"
        "By Weight: Cost will be divided depending on its weight.\n"
        "By Volume: Cost will be divided depending on its volume."))

    hyc_currency_id = fields.Many2one(
        "res.currency", string="Bill Currency",
        help="Currency of the freight bill when it is not the company currency; the cost is converted at the bill date.")
    hyc_amount_currency = fields.Monetary(
        "Amount in Bill Currency", currency_field="hyc_currency_id")

    @api.constrains("price_unit", "hyc_amount_currency")
    def _check_hyc_not_negative(self):
        for line in self:
            if line.price_unit < 0 or line.hyc_amount_currency < 0:
                raise ValidationError(self.env._("Expense line %(line)s: the amount cannot be negative.", line=line.name or line.product_id.display_name))

    def _hyc_bill_date(self):
        self.ensure_one()
        return self.cost_id.vendor_bill_id.invoice_date or self.cost_id.vendor_bill_id.date or self.cost_id.date

    def _hyc_convert(self):
        for line in self:
            if line.hyc_currency_id and line.hyc_currency_id != line.cost_id.currency_id:
                price = line.hyc_currency_id._convert(
                    line.hyc_amount_currency, line.cost_id.currency_id, line.cost_id.company_id, line._hyc_bill_date())
                if line.cost_id.currency_id.compare_amounts(price, line.price_unit):
                    line.price_unit = price

    @api.onchange("hyc_currency_id", "hyc_amount_currency")
    def _onchange_hyc_amount_currency(self):
        self._hyc_convert()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._hyc_convert()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"hyc_currency_id", "hyc_amount_currency"} & set(vals):
            self._hyc_convert()
        return res


class AdjustmentLines(models.Model):
    _inherit = "stock.valuation.adjustment.lines"

    def _hyc_account_move_lines(self, sold_value):
        """Odoo's landed-cost entry lines with the sold share given exactly (not re-prorated)."""
        self.ensure_one()
        cost_product = self.cost_line_id.product_id
        accounts = self.product_id.product_tmpl_id.get_product_accounts()
        debit_account_id = accounts.get("stock_valuation") and accounts["stock_valuation"].id or False
        if self.move_id._is_dropshipped():
            debit_account_id = accounts.get("expense") and accounts["expense"].id or False
        already_out_account_id = accounts["stock_output"].id
        credit_account_id = self.cost_line_id.account_id.id or cost_product.categ_id.property_stock_account_input_categ_id.id
        if not credit_account_id:
            raise UserError(self.env._("Please configure Stock Expense Account for product: %s.", cost_product.name))
        base = self._prepare_account_move_line_values()

        def pair(debit_account, credit_account, amount, name=None):
            extra = {"name": name} if name else {}
            return [
                fields.Command.create(dict(base, **extra, account_id=debit_account, debit=amount, credit=0)),
                fields.Command.create(dict(base, **extra, account_id=credit_account, debit=0, credit=amount)),
            ]

        lines = pair(debit_account_id, credit_account_id, self.additional_landed_cost)
        if not self.currency_id.is_zero(sold_value):
            name = self.env._("%(product)s: already sold share", product=self.name)
            lines += pair(already_out_account_id, debit_account_id, sold_value, name)
            if self.env.company.anglo_saxon_accounting:
                lines += pair(accounts["expense"].id, already_out_account_id, sold_value, name)
        return lines


class HycLandedCostLotLine(models.Model):
    _name = "hyc.landed.cost.lot.line"
    _description = "Landed Cost Split per Lot"
    _order = "cost_id desc, id"

    cost_id = fields.Many2one("stock.landed.cost", string="Allocation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="cost_id.company_id", store=True)
    currency_id = fields.Many2one(related="cost_id.currency_id")
    state = fields.Selection(related="cost_id.state", string="Status")
    date = fields.Date(related="cost_id.date")
    adjustment_line_id = fields.Many2one("stock.valuation.adjustment.lines", string="Valuation Adjustment", ondelete="cascade")
    cost_line_id = fields.Many2one("stock.landed.cost.lines", string="Expense Line", ondelete="cascade")
    move_id = fields.Many2one("stock.move", string="Receipt Line", required=True)
    picking_id = fields.Many2one(related="move_id.picking_id", string="Receipt")
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one("stock.lot", index="btree_not_null")
    layer_id = fields.Many2one("stock.valuation.layer", string="Receipt Valuation Layer")
    quantity = fields.Float("Received Quantity", digits="Product Unit of Measure")
    remaining_qty = fields.Float("Still in Stock", digits="Product Unit of Measure")
    additional_cost = fields.Monetary("Share of the Expense")
    stock_value = fields.Monetary("To Stock Value")
    cogs_value = fields.Monetary("To Cost of Goods Sold")
