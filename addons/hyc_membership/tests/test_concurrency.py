"""Two real transactions (own cursors, in threads) spending one balance at once."""

from datetime import date

from odoo.tests import TransactionCase, tagged

from .common import committed_env, create_member_programs, race


@tagged("post_install", "-at_install")
class TestConcurrentSpending(TransactionCase):
    def _env(self, cr):
        return committed_env(self.registry, cr)

    def _committed_fixture(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            points, wallet = create_member_programs(env, " (race)")
            partner = env["res.partner"].create({"name": "Race Member", "mobile": "13700000001"})
            points_card = env["loyalty.card"].hyc_get_or_create(partner.id, points.id)
            wallet_card = env["loyalty.card"].hyc_get_or_create(partner.id, wallet.id)
            points_card.hyc_earn(100, source_ref="RACE/EARN")
            wallet_card.hyc_topup(300, source_ref="RACE/TOPUP")
            ids = {"programs": (points | wallet).ids, "partner": partner.id,
                   "cards": (points_card | wallet_card).ids,
                   "products": (points | wallet).reward_ids.discount_line_product_id.ids,
                   "points_card": points_card.id, "wallet_card": wallet_card.id}
            cr.commit()  # pylint: disable=invalid-commit
        return ids

    def _cleanup(self, ids):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["hyc.member.ledger"].search([("card_id", "in", ids["cards"])]).unlink()
            env["loyalty.card"].browse(ids["cards"]).unlink()
            programs = env["loyalty.program"].browse(ids["programs"])
            programs.action_archive()
            programs.unlink()
            env["product.product"].browse(ids["products"]).exists().unlink()
            env["res.partner"].browse(ids["partner"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _race(self, card_id, spend, threads=2):
        """Each thread spends in its own transaction (common.race)."""
        return race(self.registry, lambda env, index: spend(env["loyalty.card"].browse(card_id), index), threads)

    def _balance(self, card_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT points FROM loyalty_card WHERE id = %s", [card_id])
            points = cr.fetchone()[0]
            cr.execute("SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(remaining), 0) FROM hyc_member_ledger WHERE card_id = %s",
                       [card_id])
            return (points, *cr.fetchone())

    def test_two_transactions_spend_one_stored_value(self):
        """330 of stored value, two tills each spend 200 at once: one is paid, the
        other is refused; 130 left, never negative."""
        ids = self._committed_fixture()
        try:
            results = self._race(ids["wallet_card"], lambda card, index: card.hyc_spend(200, source_ref=f"POS/RACE/{index}"))
            self.assertEqual(results, ["ok", "refused"])
            self.assertEqual(self._balance(ids["wallet_card"]), (130, 130, 130))
        finally:
            self._cleanup(ids)

    def test_two_transactions_redeem_one_points_balance(self):
        ids = self._committed_fixture()
        try:
            results = self._race(ids["points_card"], lambda card, index: card.hyc_redeem(60, source_ref=f"SO/RACE/{index}"), 3)
            self.assertEqual(results, ["ok", "refused", "refused"])
            self.assertEqual(self._balance(ids["points_card"]), (40, 40, 40))
        finally:
            self._cleanup(ids)

    def test_same_idempotency_key_twice_at_once_applies_once(self):
        """An offline till syncing the same order twice at the same moment."""
        ids = self._committed_fixture()
        try:
            results = self._race(ids["points_card"],
                                 lambda card, index: card.hyc_redeem(30, source_ref="POS/OFFLINE/7", key="pos-offline-7"), 2)
            self.assertEqual(results, ["ok", "ok"])
            self.assertEqual(self._balance(ids["points_card"]), (70, 70, 70))
        finally:
            self._cleanup(ids)

    def _growth(self, card_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT COALESCE(SUM(growth), 0), COUNT(*) FROM hyc_member_ledger WHERE card_id = %s AND growth != 0",
                       [card_id])
            return cr.fetchone()

    def test_same_growth_award_twice_at_once_applies_once(self):
        """The mini-program sends one check-in's growth twice at the same moment."""
        ids = self._committed_fixture()
        try:
            results = self._race(ids["points_card"], lambda card, index: card.env["loyalty.card"].hyc_api_add_growth(
                card.id, 400, "社区打卡", "checkin-race-1"))
            self.assertEqual(results, ["ok", "ok"])
            self.assertEqual(self._growth(ids["points_card"]), (400, 1))
        finally:
            self._cleanup(ids)

    def test_two_growth_corrections_at_once_never_go_below_zero(self):
        """300 growth, two managers take 200 each at once: one applies, one is refused."""
        ids = self._committed_fixture()
        with self.registry.cursor() as cr:
            self._env(cr)["loyalty.card"].browse(ids["points_card"]).hyc_add_growth(300, source_ref="RACE/GROWTH")
            cr.commit()  # pylint: disable=invalid-commit
        try:
            results = self._race(ids["points_card"],
                                 lambda card, index: card.hyc_adjust_growth(-200, f"纠正 {index}"))
            self.assertEqual(results, ["ok", "refused"])
            self.assertEqual(self._growth(ids["points_card"]), (100, 2))
        finally:
            self._cleanup(ids)

    def test_two_care_coupon_runs_at_once_give_one_coupon(self):
        """The nightly care coupon job started twice at the same moment: the card's
        row lock lets one coupon through."""
        ids = self._committed_fixture()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            care = env["loyalty.program"].create({"name": "Race care coupon", "program_type": "coupons"})
            env["loyalty.program"].browse(ids["programs"][0]).write({
                "hyc_care_program_id": care.id, "hyc_care_inactive_days": 90, "hyc_care_cooldown_days": 90})
            cr.commit()  # pylint: disable=invalid-commit
        try:
            results = self._race(ids["points_card"],
                                 lambda card, index: card.env["loyalty.card"]._cron_hyc_care_coupons(date(2027, 12, 1)))
            self.assertEqual(results, ["ok", "ok"])
            with self.registry.cursor() as cr:
                cr.execute("SELECT partner_id FROM loyalty_card WHERE program_id = %s", [care.id])
                self.assertEqual(cr.fetchall(), [(ids["partner"],)])
                cr.execute("SELECT hyc_care_coupon_date FROM loyalty_card WHERE id = %s", [ids["points_card"]])
                self.assertEqual(cr.fetchone()[0], date(2027, 12, 1))
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["loyalty.card"].search([("program_id", "=", care.id)]).unlink()
                env["loyalty.program"].browse(ids["programs"][0]).hyc_care_program_id = False
                env["loyalty.program"].browse(care.id).action_archive()
                env["loyalty.program"].browse(care.id).unlink()
                cr.commit()  # pylint: disable=invalid-commit
            self._cleanup(ids)
