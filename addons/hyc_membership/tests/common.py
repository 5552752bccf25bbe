import threading

from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tools import mute_logger


def create_member_programs(env, suffix=""):
    """A points program and a stored-value (eWallet) program run as member programs
    (Odoo's default rules and rewards of each type are kept)."""
    Program = env["loyalty.program"]
    points = Program.create({
        "name": f"HYC Points{suffix}", "program_type": "loyalty", "hyc_member_program": True,
        "hyc_member_weekday": "4", "hyc_member_day_multiplier": 2.0, "hyc_birthday_multiplier": 3.0,
        "hyc_expiry_policy": "end_of_next_year",
    })
    wallet = Program.create({
        "name": f"HYC Stored Value{suffix}", "program_type": "ewallet", "hyc_member_program": True,
        "hyc_topup_tier_ids": [Command.create({"min_paid": 300, "bonus": 30}),
                               Command.create({"min_paid": 500, "bonus": 60})],
    })
    return points, wallet


def set_up_stored_value_accounts(env, program, code_suffix, journal_name, journal_code, settlement=False):
    """Accounts and journal of the stored value program's entries (cash, liability,
    bonus discount and, with `settlement`, the payment account of spends without an
    order), with account codes ending in `code_suffix`; returns them as a dict."""
    Account = env["account.account"]
    accounts = {
        "cash": Account.create({"name": "储值收款", "code": f"1001{code_suffix}", "account_type": "asset_cash"}),
        "liability": Account.create({"name": "预收储值款", "code": f"2203{code_suffix}",
                                     "account_type": "liability_current"}),
        "bonus": Account.create({"name": "储值赠送折扣", "code": f"6603{code_suffix}", "account_type": "expense"}),
        "journal": env["account.journal"].create({"name": journal_name, "code": journal_code, "type": "general"}),
    }
    vals = {"hyc_journal_id": accounts["journal"].id, "hyc_cash_account_id": accounts["cash"].id,
            "hyc_liability_account_id": accounts["liability"].id, "hyc_bonus_account_id": accounts["bonus"].id}
    if settlement:
        accounts["settlement"] = Account.create({"name": "储值支付清算", "code": f"1122{code_suffix}",
                                                 "account_type": "asset_current"})
        vals["hyc_settlement_account_id"] = accounts["settlement"].id
    program.write(vals)
    return accounts


def create_till(env, wallet, suffix=""):
    """A POS config with cash and a stored-value payment method of `wallet`, its
    session opened; returns (config, session, cash method, stored value method)."""
    cash_journal = env["account.journal"].create({"name": f"HYC Till Cash{suffix}", "type": "cash",
                                                  "code": f"HC{abs(hash(suffix)) % 1000:03d}"})
    cash = env["pos.payment.method"].create({"name": f"Cash{suffix}", "journal_id": cash_journal.id})
    stored = env["pos.payment.method"].create({"name": f"HYC Stored Value{suffix}", "split_transactions": True,
                                               "hyc_stored_value_program_id": wallet.id})
    config = env["pos.config"].create({"name": f"HYC Till{suffix}", "payment_method_ids": [Command.set((cash | stored).ids)]})
    config.open_ui()
    session = config.current_session_id
    session.set_opening_control(0, None)
    return config, session, cash, stored


def ui_order(session, lines, payments, partner=None, uuid=None, refunded_lines=None):
    """An order as the POS sends it to pos.order.sync_from_ui. `lines`: (product,
    quantity) at the product's price, no tax; `payments`: (method, amount);
    `refunded_lines`: the original order lines the lines refund (same order)."""
    import uuid as uuid_lib

    order_lines = []
    for index, (product, quantity) in enumerate(lines):
        total = product.lst_price * quantity
        vals = {"product_id": product.id, "qty": quantity, "price_unit": product.lst_price, "discount": 0,
                "price_subtotal": total, "price_subtotal_incl": total, "tax_ids": [Command.set([])],
                "pack_lot_ids": [], "uuid": str(uuid_lib.uuid4())}
        if refunded_lines:
            vals["refunded_orderline_id"] = refunded_lines[index].id
        order_lines.append(Command.create(vals))
    total = sum(line[2]["price_subtotal_incl"] for line in order_lines)
    order_uuid = uuid or str(uuid_lib.uuid4())
    return {
        "uuid": order_uuid, "name": f"Order {order_uuid}", "session_id": session.id,
        "pricelist_id": session.config_id.pricelist_id.id, "partner_id": partner.id if partner else False,
        "user_id": session.env.uid, "sequence_number": 1, "date_order": fields.Datetime.to_string(fields.Datetime.now()),
        "fiscal_position_id": False, "lines": order_lines, "amount_total": total, "amount_tax": 0,
        "amount_paid": sum(amount for _method, amount in payments), "amount_return": 0,
        "payment_ids": [Command.create({"amount": amount, "payment_method_id": method.id,
                                        "name": fields.Datetime.now()}) for method, amount in payments],
        "last_order_preparation_change": "{}", "to_invoice": False,
    }


def committed_env(registry, cr):
    """An environment on a cursor of its own (a real transaction, committed by the
    test), bound to the loaded registry: looking it up by name would wait for the
    registry lock the test runner holds."""
    cr.transaction = api.Transaction(registry)
    return api.Environment(cr, SUPERUSER_ID, {})


def race(registry, act, threads=2, loggers=("odoo.sql_db",)):
    """Run act(env, index) in `threads` real transactions released together by a
    barrier; like Odoo's RPC layer, a serialisation failure is retried with a fresh
    transaction. Returns the sorted outcomes: "ok", "refused" (a UserError), "gave
    up", or the repr of any other error (which fails the caller's assertions)."""
    barrier = threading.Barrier(threads)
    results = []

    def worker(index):
        barrier.wait()
        for _attempt in range(10):
            with registry.cursor() as cr:
                env = committed_env(registry, cr)
                try:
                    act(env, index)
                    cr.commit()  # pylint: disable=invalid-commit
                    results.append("ok")
                    return
                except UserError:
                    cr.rollback()
                    results.append("refused")
                    return
                except errors.SerializationFailure:
                    cr.rollback()
                except Exception as error:  # reported in the results: fails the test
                    cr.rollback()
                    results.append(repr(error))
                    return
        results.append("gave up")

    workers = [threading.Thread(target=worker, args=(index,)) for index in range(threads)]
    with mute_logger(*loggers):
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(120)
    return sorted(results)
