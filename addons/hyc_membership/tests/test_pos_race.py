"""POS orders synced at the same moment by two tills (two real transactions, own
cursors, in threads), through pos.order.sync_from_ui like the POS does."""

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import committed_env, create_member_programs, create_till, race, ui_order


@tagged("post_install", "-at_install")
class TestPosRace(TransactionCase):
    def _env(self, cr):
        return committed_env(self.registry, cr)

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            points, wallet = create_member_programs(env, " (POS race)")
            points.hyc_member_weekday = False
            config, session, cash, stored = create_till(env, wallet, " race")
            tea = env["product.product"].create({"name": "Race tea", "lst_price": 100, "available_in_pos": True,
                                                 "type": "service", "taxes_id": [Command.clear()]})
            partner = env["res.partner"].create({"name": "Race POS Member", "mobile": "13700000002"})
            wallet_card = env["loyalty.card"].hyc_get_or_create(partner.id, wallet.id)
            wallet_card.hyc_topup(300, source_ref="RACE/TOPUP")  # 300 + 30 bonus = 330
            self.ids = {"programs": (points | wallet).ids, "products": (tea | (points | wallet).reward_ids.discount_line_product_id).ids,
                        "partner": partner.id, "wallet_card": wallet_card.id, "config": config.id, "session": session.id,
                        "methods": (cash | stored).ids, "journal": cash.journal_id.id, "tea": tea.id,
                        "cash": cash.id, "stored": stored.id}
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            env = self._env(cr)
            orders = env["pos.order"].search([("session_id", "=", ids["session"])])
            cards = env["loyalty.card"].search([("program_id", "in", ids["programs"])])
            # paid POS orders cannot be deleted through the ORM: the test's own rows go by SQL
            cr.execute("DELETE FROM hyc_member_ledger WHERE card_id = ANY(%s)", [cards.ids])
            cr.execute("DELETE FROM pos_payment WHERE pos_order_id = ANY(%s)", [orders.ids])
            cr.execute("DELETE FROM pos_order_line WHERE order_id = ANY(%s)", [orders.ids])
            cr.execute("DELETE FROM pos_order WHERE id = ANY(%s)", [orders.ids])
            cr.execute("DELETE FROM pos_session WHERE id = %s", [ids["session"]])
            env.invalidate_all()
            cards.unlink()
            env["pos.config"].browse(ids["config"]).unlink()
            env["pos.payment.method"].browse(ids["methods"]).unlink()
            env["account.journal"].browse(ids["journal"]).unlink()
            programs = env["loyalty.program"].browse(ids["programs"])
            programs.action_archive()
            programs.unlink()
            env["product.product"].browse(ids["products"]).exists().unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _order(self, env, quantity, uuid=None):
        session = env["pos.session"].browse(self.ids["session"])
        tea = env["product.product"].browse(self.ids["tea"])
        stored = env["pos.payment.method"].browse(self.ids["stored"])
        partner = env["res.partner"].browse(self.ids["partner"])
        return ui_order(session, [(tea, quantity)], [(stored, tea.lst_price * quantity)], partner, uuid=uuid)

    def _race(self, make_order, threads=2):
        """Each thread syncs its order in its own transaction (common.race)."""
        return race(self.registry, lambda env, index: env["pos.order"].sync_from_ui([make_order(env, index)]), threads,
                    loggers=("odoo.sql_db", "odoo.addons.point_of_sale.models.pos_order"))

    def _state(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT points FROM loyalty_card WHERE id = %s", [self.ids["wallet_card"]])
            points = cr.fetchone()[0]
            cr.execute("SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(remaining), 0) FROM hyc_member_ledger"
                       " WHERE card_id = %s", [self.ids["wallet_card"]])
            lines, total, remaining = cr.fetchone()
            cr.execute("SELECT COUNT(*) FROM pos_order WHERE session_id = %s", [self.ids["session"]])
            return points, lines, total, remaining, cr.fetchone()[0]

    def test_two_tills_spend_one_stored_value_balance(self):
        """330 of stored value, two tills each sell 200 paid with it at once: one order
        is saved, the other refused; 130 left, never negative."""
        results = self._race(lambda env, index: self._order(env, 2))
        self.assertEqual(results, ["ok", "refused"])
        # top-up (2 lines) + one spend (paid and bonus lines); one order saved
        self.assertEqual(self._state(), (130, 4, 130, 130, 1))

    def test_same_order_synced_twice_at_once_spends_once(self):
        """An offline till re-sends the order while the first sync is still running."""
        uuid = "hyc-race-same-order"
        results = self._race(lambda env, index: self._order(env, 1, uuid=uuid))
        self.assertEqual(results, ["ok", "ok"])
        self.assertEqual(self._state(), (230, 4, 230, 230, 1))
