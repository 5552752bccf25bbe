import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..lib import budget_control

_logger = logging.getLogger(__name__)

COMMITTED_STATES = ("to approve", "purchase", "done")


class HycProjectBudget(models.Model):
    """The budget of one project: one line per cost category, an approved original and revisions."""

    _name = "hyc.project.budget"
    _description = "Project Budget"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    project_id = fields.Many2one("project.project", required=True, ondelete="cascade", index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")], default="draft", required=True, tracking=True
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(string="Approved On", readonly=True, copy=False)
    line_ids = fields.One2many("hyc.project.budget.line", "budget_id", string="Lines", copy=True)
    revision_ids = fields.One2many("hyc.project.budget.revision", "budget_id", string="Revisions")
    revision_count = fields.Integer(compute="_compute_revision_count")
    amount_total = fields.Monetary(string="Budget", compute="_compute_totals")
    original_total = fields.Monetary(string="Original Budget", compute="_compute_totals")
    committed_total = fields.Monetary(string="Committed", compute="_compute_totals")
    actual_total = fields.Monetary(string="Actual", compute="_compute_totals")
    available_total = fields.Monetary(string="Available", compute="_compute_totals")

    _sql_constraints = [
        ("project_uniq", "unique(project_id)", "A project has one budget; revise it instead of creating another."),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "project_id" in vals:
            self.env["hyc.project.budget.line"]._hyc_forget_line_keys()
            self.env["hyc.project.budget.line"]._hyc_recount(self.line_ids.ids)
        return res

    def unlink(self):
        # the lines first, through their own unlink: purchase lines stop counting on them
        # (the database's cascade would delete them behind the ORM's back)
        self.line_ids.unlink()
        return super().unlink()

    @api.depends("project_id.name")
    def _compute_name(self):
        for budget in self:
            budget.name = budget.project_id.name

    def _compute_revision_count(self):
        for budget in self:
            budget.revision_count = len(budget.revision_ids)

    @api.depends("line_ids.amount", "line_ids.original_amount")
    def _compute_totals(self):
        for budget in self:
            lines = budget.line_ids
            budget.amount_total = sum(lines.mapped("amount"))
            budget.original_total = sum(lines.mapped("original_amount"))
            budget.committed_total = sum(lines.mapped("committed_amount"))
            budget.actual_total = sum(lines.mapped("actual_amount"))
            budget.available_total = sum(lines.mapped("available_amount"))

    @api.constrains("project_id")
    def _check_project_own_account(self):
        self.project_id._hyc_check_own_account()

    def action_approve(self):
        if not self.env.user.has_group("hyc_project_budget.group_management"):
            raise UserError(self.env._("Only management may approve a project budget."))
        for budget in self:
            if budget.state != "draft":
                continue
            for line in budget.line_ids:
                line.with_context(hyc_budget_approving=True).original_amount = line.amount
            budget.write({"state": "approved", "approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()})
            budget.message_post(body=self.env._("Original budget approved: %(total)s", total=budget._fmt(budget.amount_total)))
        return True

    def action_open_revise_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revise Budget"),
            "res_model": "hyc.budget.revise.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_budget_id": self.id},
        }

    def _fmt(self, amount):
        currency = self.currency_id or self.env.company.currency_id
        return budget_control.format_amount(amount, currency.symbol or "", currency.decimal_places)

    # ------------------------------------------------------------------
    # API for integrations (XML-RPC): read-only, never writes anything.
    # ------------------------------------------------------------------
    @api.model
    def get_position(self, project_id):
        """Budget position of a project, per category: budget, committed, actual, available."""
        budget = self.search([("project_id", "=", project_id)], limit=1)
        if not budget:
            return {"project_id": project_id, "state": False, "lines": []}
        lines = []
        for line in budget.line_ids:
            lines.append({
                "category_id": line.category_id.id,
                "category_code": line.category_id.code,
                "category": line.category_id.name,
                "policy": line.category_id.policy,
                "tolerance_pct": line.category_id.tolerance_pct,
                "budget": line.amount,
                "original": line.original_amount,
                "committed": line.committed_amount,
                "actual": line.actual_amount,
                "available": line.available_amount,
            })
        return {"project_id": project_id, "state": budget.state, "currency": budget.currency_id.name, "lines": lines}

    @api.model
    def check_commit(self, project_id, category, amount):
        """May ``amount`` be committed in ``category`` (id or code) on the project?  No side effects."""
        domain = [("budget_id.project_id", "=", project_id), ("budget_id.state", "=", "approved")]
        if isinstance(category, int):
            domain.append(("category_id", "=", category))
        else:
            domain.append(("category_id.code", "=", category))
        line = self.env["hyc.project.budget.line"].search(domain, limit=1)
        if not line:
            return {"status": budget_control.ALLOW, "controlled": False}
        decision = line._hyc_decide(amount)
        return {
            "status": decision.status,
            "controlled": True,
            "allowed": decision.allowed,
            "budget": decision.budget,
            "committed": decision.committed,
            "actual": decision.actual,
            "available": decision.available,
            "amount": decision.amount,
            "tolerance": decision.tolerance,
            "excess": decision.excess,
            "message": line._hyc_message(decision),
        }


class HycProjectBudgetLine(models.Model):
    _name = "hyc.project.budget.line"
    _description = "Project Budget Line"
    _order = "budget_id, sequence, id"

    budget_id = fields.Many2one(
        "hyc.project.budget", string="Project Budget", required=True, ondelete="cascade", index=True
    )
    project_id = fields.Many2one(related="budget_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="budget_id.company_id", store=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    state = fields.Selection(related="budget_id.state")
    category_id = fields.Many2one("hyc.budget.category", required=True, ondelete="restrict")
    sequence = fields.Integer(related="category_id.sequence", store=True)
    policy = fields.Selection(related="category_id.policy")
    tolerance_pct = fields.Float(related="category_id.tolerance_pct")
    amount = fields.Monetary(string="Budget", required=True, default=0.0)
    original_amount = fields.Monetary(string="Original Budget", readonly=True, copy=False)
    committed_amount = fields.Monetary(string="Committed", compute="_compute_figures")
    actual_amount = fields.Monetary(string="Actual", compute="_compute_figures")
    available_amount = fields.Monetary(string="Available", compute="_compute_figures")
    consumed_pct = fields.Float(string="Consumed (%)", compute="_compute_figures")
    # Running totals, maintained in the transaction that changes their sources (see
    # HycBudgetCounted): committed = what confirmed purchase lines still commit, actual =
    # the project's analytic cost items.  The budget check reads them under the row
    # lock instead of aggregating every commitment; _hyc_reconcile() recomputes them from
    # the source aggregates (daily cron).
    # Bumped (in SQL) by checks whose document does not change the running totals when it
    # goes on (see _hyc_enforce's touch).
    check_count = fields.Integer(readonly=True, copy=False, default=0)
    committed_total = fields.Monetary(string="Committed (running total)", readonly=True, copy=False, default=0.0)
    actual_total = fields.Monetary(string="Actual (running total)", readonly=True, copy=False, default=0.0)

    _sql_constraints = [
        ("category_uniq", "unique(budget_id, category_id)", "A budget has one line per category."),
    ]

    def init(self):
        res = super().init()
        create_index(
            self.env.cr, "hyc_project_budget_line_project_category_idx", self._table, ["project_id", "category_id"]
        )
        return res

    # ------------------------------------------------------------------
    # Running totals
    # ------------------------------------------------------------------
    # {(project id, category id): budget line id or False}, for the transaction: the
    # precommit data is emptied at every commit, rollback and flushing savepoint.
    _HYC_LINE_KEYS = "hyc_project_budget.line_keys"

    @api.model
    def _hyc_line_for(self, project, category):
        """The budget line (any state) holding ``category`` of ``project``'s budget (a
        project has one budget, with one line per category): one indexed query, then
        remembered for the transaction (a confirmation asks for it twice)."""
        if not project or not category:
            return self.browse()
        keys = self.env.cr.precommit.data.setdefault(self._HYC_LINE_KEYS, {})
        key = (project.id, category.id)
        if key not in keys:
            self.flush_model(["project_id", "category_id"])
            self.env.cr.execute(
                "SELECT id FROM hyc_project_budget_line WHERE project_id = %s AND category_id = %s", key
            )
            row = self.env.cr.fetchone()
            keys[key] = row[0] if row else False
        # sudo: the budget decides for whoever confirms, whether or not they may read budgets
        return self.sudo().browse(keys[key] or ())

    @api.model
    def _hyc_forget_line_keys(self):
        """Budget lines created or deleted, or moved to another (project, category)."""
        self.env.cr.precommit.data.pop(self._HYC_LINE_KEYS, None)

    @api.model
    def _hyc_add_to_totals(self, deltas):
        """Add ``{(line id, 'committed_total' | 'actual_total'): delta}`` to the totals.

        One UPDATE per total, right away, rounded with the company's currency: it takes
        the rows' locks (held until commit) and, under Odoo's REPEATABLE READ, fails to
        serialise when a concurrent transaction updated one of the rows since this one's
        snapshot.  So the totals never lose an update, and a document decided on totals
        that have changed meanwhile is retried (Odoo retries the request)."""
        per_total = {}
        for (line_id, fname), delta in deltas.items():
            if delta:
                amounts = per_total.setdefault(fname, {})
                amounts[line_id] = amounts.get(line_id, 0.0) + delta
        if not per_total:
            return
        self.flush_model(list(per_total))
        for fname, amounts in per_total.items():
            if fname not in ("committed_total", "actual_total"):
                raise ValueError(fname)
            ids = sorted(amounts)
            self.env.cr.execute(SQL(
                """UPDATE hyc_project_budget_line line
                      SET %(total)s = ROUND(COALESCE(line.%(total)s, 0) + delta.amount, currency.decimal_places)
                     FROM unnest(%(ids)s::int[], %(amounts)s::numeric[]) AS delta(id, amount),
                          res_company company, res_currency currency
                    WHERE line.id = delta.id AND company.id = line.company_id AND currency.id = company.currency_id""",
                total=SQL.identifier(fname), ids=ids, amounts=[repr(amounts[line_id]) for line_id in ids],
            ))
            self.browse(ids).invalidate_recordset([fname])

    @api.model
    def _hyc_count(self, records, total_field, target):
        """Compute ``hyc_counted_line_id`` / ``hyc_counted_amount`` of ``records`` (analytic
        items; purchase lines keep theirs in ``_hyc_sync_counted``): the budget line and
        amount each must count, given by
        ``target(record) -> (budget line, amount)``; what changed since it was last
        counted (the old values, still in cache or read from the database) moves into
        the budget lines' running totals ``total_field``."""
        deltas = {}
        for record in records:
            if not record.id:  # a new record in a form: nothing is counted yet
                record.hyc_counted_line_id = False
                record.hyc_counted_amount = 0.0
                continue
            old_line, old_amount = record.hyc_counted_line_id, record.hyc_counted_amount or 0.0
            line, amount = target(record)
            amount = amount if line else 0.0
            if old_line != line or old_amount != amount:
                if old_line:
                    deltas[(old_line.id, total_field)] = deltas.get((old_line.id, total_field), 0.0) - old_amount
                if line:
                    deltas[(line.id, total_field)] = deltas.get((line.id, total_field), 0.0) + amount
                # assign only what changed: the unchanged value stays in cache
                if old_line != line:
                    record.hyc_counted_line_id = line
                if old_amount != amount:
                    record.hyc_counted_amount = amount
        self._hyc_add_to_totals(deltas)

    @api.model
    def _hyc_uncount(self, records, total_field):
        """Take deleted analytic items out of the running totals."""
        records._recompute_recordset(["hyc_counted_amount", "hyc_counted_line_id"])
        deltas = {}
        for record in records.sudo():
            line = record.hyc_counted_line_id
            if line and record.hyc_counted_amount:
                deltas[(line.id, total_field)] = deltas.get((line.id, total_field), 0.0) - record.hyc_counted_amount
        self._hyc_add_to_totals(deltas)

    @api.model
    def _hyc_sync_pending(self):
        """Apply the pending running-total changes of this transaction (the commitments
        of purchase lines and counted amounts of analytic items still to recompute)."""
        for model, fnames in (
            ("purchase.order.line", ["hyc_commitments", "hyc_committed_amount"]),
            ("account.analytic.line", ["hyc_counted_amount", "hyc_counted_line_id"]),
        ):
            records = self.env[model]
            for fname in fnames:
                field = records._fields[fname]
                new_ids = [id_ for id_ in self.env.transaction.tocompute.get(field, ()) if not id_]
                if new_ids:
                    # New records stay marked after create() (those of every order created
                    # in this transaction), but Odoo never recomputes them: they are
                    # computed when read.  Unmarked here, or each budget check of a long
                    # transaction (an import, a script confirming what it created) would
                    # walk all of them again.
                    self.env.remove_to_compute(field, records.browse(new_ids))
            records._recompute_model(fnames)

    def _hyc_source_figures(self):
        """{line id: [committed, actual]} by the two source aggregates (what the running
        totals must equal): confirmed purchase lines' open amounts, analytic cost items."""
        self.env["purchase.order.line"].flush_model(["hyc_project_id", "hyc_budget_category_id", "hyc_commitments", "state"])
        self.env["account.analytic.line"].flush_model(["hyc_project_id", "hyc_budget_category_id", "amount"])
        result = {line.id: [0.0, 0.0] for line in self}
        keys = {(line.project_id.id, line.category_id.id): line.id for line in self}
        if not keys:
            return result
        projects = list({k[0] for k in keys})
        categories = list({k[1] for k in keys})
        # every project share of the confirmed lines (a line split over two projects
        # commits in both)
        self.env.cr.execute(
            """SELECT share.key::int, pol.hyc_budget_category_id, SUM(share.value::numeric)
                 FROM purchase_order_line pol, jsonb_each_text(pol.hyc_commitments) share
                WHERE pol.hyc_project_id IS NOT NULL AND pol.hyc_budget_category_id = ANY(%s)
                  AND pol.state IN %s AND share.key = ANY(%s)
             GROUP BY share.key, pol.hyc_budget_category_id""",
            [categories, COMMITTED_STATES, [str(p) for p in projects]],
        )
        for project, category, total in self.env.cr.fetchall():
            if (project, category) in keys:
                result[keys[(project, category)]][0] = total or 0.0
        self.env.cr.execute(
            """SELECT hyc_project_id, hyc_budget_category_id, -SUM(amount)
                 FROM account_analytic_line
                WHERE hyc_project_id = ANY(%s) AND hyc_budget_category_id = ANY(%s)
             GROUP BY hyc_project_id, hyc_budget_category_id""",
            [projects, categories],
        )
        for project, category, total in self.env.cr.fetchall():
            if (project, category) in keys:
                result[keys[(project, category)]][1] = total or 0.0
        return result

    @api.model
    def _hyc_recount(self, line_ids=None):
        """Recount the running totals from their sources, in SQL: point every purchase
        line and analytic item at the budget line of its (project, category) with the
        amount it must count, then set each line's totals to the sum of what points at it.

        ``line_ids``: only these budget lines (and the sources of their keys); None: all.
        Returns the number of source rows and budget lines that had to be corrected."""
        self.env.flush_all()
        cr = self.env.cr
        ids = list(line_ids or [])
        affected = set(ids)
        # purchase lines: {budget line id: the project's commitment} while confirmed
        only = SQL() if line_ids is None else SQL("""
            AND (src.hyc_counted ?| %(keys)s OR EXISTS (
                    SELECT 1 FROM hyc_project_budget_line b2, jsonb_object_keys(src.hyc_commitments) k
                     WHERE b2.id = ANY(%(ids)s) AND b2.project_id = k::int
                       AND b2.category_id = src.hyc_budget_category_id))""",
            keys=[str(i) for i in ids], ids=ids,
        )
        cr.execute(SQL("""
            WITH wanted AS (
                SELECT src.id, src.hyc_counted AS old_counted,
                       jsonb_object_agg(bl.id::text, share.value::numeric)
                           FILTER (WHERE bl.id IS NOT NULL AND share.value::numeric <> 0) AS counted
                  FROM purchase_order_line src
             LEFT JOIN LATERAL jsonb_each_text(
                           CASE WHEN src.state IN %(states)s THEN src.hyc_commitments END) share ON TRUE
             LEFT JOIN hyc_project_budget_line bl
                    ON bl.project_id = share.key::int AND bl.category_id = src.hyc_budget_category_id
                 WHERE (src.hyc_project_id IS NOT NULL OR src.hyc_counted IS NOT NULL) %(only)s
              GROUP BY src.id
            )
            UPDATE purchase_order_line t SET hyc_counted = wanted.counted
              FROM wanted
             WHERE t.id = wanted.id AND t.hyc_counted IS DISTINCT FROM wanted.counted
         RETURNING ARRAY(SELECT jsonb_object_keys(COALESCE(wanted.old_counted, '{}'::jsonb))),
                   ARRAY(SELECT jsonb_object_keys(COALESCE(wanted.counted, '{}'::jsonb)))""",
            states=COMMITTED_STATES, only=only,
        ))
        rows = cr.fetchall()
        fixed = len(rows)
        affected.update(int(key) for old_keys, new_keys in rows for key in old_keys + new_keys)
        # analytic items: one budget line each
        only = SQL() if line_ids is None else SQL(
            "AND (src.hyc_counted_line_id = ANY(%s) OR bl.id = ANY(%s))", ids, ids
        )
        cr.execute(SQL("""
            WITH wanted AS (
                SELECT src.id, src.hyc_counted_line_id AS old_line_id, bl.id AS line_id,
                       CASE WHEN bl.id IS NULL THEN 0 ELSE -COALESCE(src.amount, 0) END AS amount
                  FROM account_analytic_line src
             LEFT JOIN hyc_project_budget_line bl
                    ON bl.project_id = src.hyc_project_id AND bl.category_id = src.hyc_budget_category_id
                 WHERE (src.hyc_project_id IS NOT NULL OR src.hyc_counted_line_id IS NOT NULL) %s
            )
            UPDATE account_analytic_line t SET hyc_counted_line_id = wanted.line_id, hyc_counted_amount = wanted.amount
              FROM wanted
             WHERE t.id = wanted.id
               AND (t.hyc_counted_line_id IS DISTINCT FROM wanted.line_id
                    OR COALESCE(t.hyc_counted_amount, 0) <> wanted.amount)
         RETURNING wanted.old_line_id, wanted.line_id""", only))
        rows = cr.fetchall()
        fixed += len(rows)
        affected.update(line_id for pair in rows for line_id in pair if line_id)
        where = SQL() if line_ids is None else SQL("WHERE bl.id = ANY(%s)", list(affected))
        cr.execute(SQL("""
            WITH committed AS (
                SELECT counted.key::int AS id, SUM(counted.value::numeric) AS amount
                  FROM purchase_order_line pol, jsonb_each_text(pol.hyc_counted) counted
                 WHERE pol.hyc_counted IS NOT NULL
              GROUP BY counted.key
            ), sums AS (
                SELECT bl.id,
                       COALESCE((SELECT amount FROM committed WHERE committed.id = bl.id), 0) AS committed,
                       COALESCE((SELECT SUM(hyc_counted_amount) FROM account_analytic_line
                                  WHERE hyc_counted_line_id = bl.id), 0) AS actual
                  FROM hyc_project_budget_line bl %s
            )
            UPDATE hyc_project_budget_line bl SET committed_total = sums.committed, actual_total = sums.actual
              FROM sums
             WHERE bl.id = sums.id
               AND (COALESCE(bl.committed_total, 0) <> sums.committed OR COALESCE(bl.actual_total, 0) <> sums.actual)
        """, where))
        fixed += cr.rowcount
        self.env["purchase.order.line"].invalidate_model(["hyc_counted"])
        self.env["account.analytic.line"].invalidate_model(["hyc_counted_amount", "hyc_counted_line_id"])
        self.invalidate_model(["committed_total", "actual_total"])
        return fixed

    @api.model
    def _hyc_reconcile(self):
        """Recompute every running total from the source aggregates (daily cron)."""
        fixed = self._hyc_recount()
        if fixed:
            _logger.info("Project budget totals reconciled: %s rows corrected", fixed)
        return fixed

    def _compute_figures(self):
        self._hyc_sync_pending()
        for line in self:
            committed, actual = (line.committed_total, line.actual_total) if line.id else (0.0, 0.0)
            rounding = line.currency_id or self.env.company.currency_id
            line.committed_amount = rounding.round(committed)
            line.actual_amount = rounding.round(actual)
            line.available_amount = rounding.round(line.amount - committed - actual)
            line.consumed_pct = (committed + actual) / line.amount * 100.0 if line.amount else 0.0

    def _hyc_facts(self, lock=False):
        """{line id: what a decision needs} in one query (pending changes applied):
        budget state, amount, the running totals, the category's policy and tolerance,
        the currency's decimals.  ``lock``: SELECT ... FOR UPDATE, in id order."""
        if not self:
            return {}
        self._hyc_sync_pending()
        self.flush_model(["amount", "committed_total", "actual_total", "budget_id", "category_id", "company_id"])
        self.env["hyc.project.budget"].flush_model(["state"])
        self.env["hyc.budget.category"].flush_model(["policy", "tolerance_pct"])
        self.env.cr.execute(SQL(
            """SELECT line.id, budget.state, line.amount, line.committed_total, line.actual_total,
                      category.policy, category.tolerance_pct, currency.decimal_places
                 FROM hyc_project_budget_line line
                 JOIN hyc_project_budget budget ON budget.id = line.budget_id
                 JOIN hyc_budget_category category ON category.id = line.category_id
                 JOIN res_company company ON company.id = line.company_id
                 JOIN res_currency currency ON currency.id = company.currency_id
                WHERE line.id = ANY(%(ids)s)
                ORDER BY line.id %(lock)s""",
            ids=sorted(self.ids), lock=SQL("FOR UPDATE OF line") if lock else SQL(),
        ))
        return {
            line_id: {
                "state": state, "amount": float(amount or 0.0), "committed": float(committed or 0.0),
                "actual": float(actual or 0.0), "policy": policy, "tolerance_pct": tolerance_pct or 0.0,
                "digits": digits,
            }
            for line_id, state, amount, committed, actual, policy, tolerance_pct, digits in self.env.cr.fetchall()
        }

    def _hyc_decide(self, amount, facts=None):
        self.ensure_one()
        f = (facts or self._hyc_facts())[self.id]
        return budget_control.decide(
            f["amount"], f["committed"], f["actual"], amount, f["policy"], f["tolerance_pct"], f["digits"],
        )

    def _hyc_message(self, decision):
        self.ensure_one()
        currency = self.currency_id or self.env.company.currency_id
        f = budget_control.message_figures(decision, currency.symbol or "", currency.decimal_places)
        return self.env._(
            "Project %(project)s, category %(category)s: budget %(budget)s, committed %(committed)s, "
            "actual %(actual)s, available %(available)s; this document needs %(amount)s, "
            "exceeding the available budget by %(excess)s (tolerance %(tolerance)s).",
            project=self.project_id.display_name, category=self.category_id.name, **{
                k: f[k] for k in ("budget", "committed", "actual", "available", "amount", "excess", "tolerance")
            },
        )

    def _hyc_lock_and_decide(self, demands, counted=None, extra_committed=None, updates_totals=False):
        """Lock the budget lines of ``demands`` ({line: amount}) and decide each.

        SELECT ... FOR UPDATE serialises concurrent checks of the same line until commit.
        Under Odoo's REPEATABLE READ, a transaction that waited on the lock while the
        first one confirmed (and so changed the line's running totals) fails to serialise
        (and is retried by Odoo) rather than decide on a stale snapshot.  The decision
        reads the running totals: one locked single-row read, whatever the number of
        commitments.

        ``updates_totals``: the document, when it goes on, adds what it demands to the
        running totals of the lines it demands, in this transaction.  For a single line
        that update is the serialisation point itself: under REPEATABLE READ it waits
        for a concurrent transaction that updated the row and then fails to serialise if
        that one committed (Odoo retries the request, which then sees its totals), so
        the explicit lock is a query the confirmation can do without.  Several lines are
        still locked up front, in id order, so that two documents naming the same lines
        in different orders cannot deadlock.
        """
        lines = self.browse(sorted(line.id for line in demands))
        if not lines:
            return []
        facts = lines._hyc_facts(lock=not updates_totals or len(lines) > 1)
        decisions = []
        for line in lines:
            if line.id not in facts or facts[line.id]["state"] != "approved":
                continue  # only an approved budget controls
            line_facts = facts[line.id]
            # already in "actual" as the document's own estimate: not consumed twice
            line_facts["actual"] -= (counted or {}).get(line.id, 0.0)
            # commitments that are not purchase lines (e.g. approved expense reports)
            line_facts["committed"] += (extra_committed or {}).get(line.id, 0.0)
            decisions.append((line, line._hyc_decide(demands[line], facts)))
        return decisions

    @api.model
    def _hyc_demands(self, items):
        """Group (project, category, amount) items into {budget line: amount} (the line's
        budget approved or not: the decision reads its state with the totals)."""
        totals = {}
        for project, category, amount in items:
            if project and category:
                key = (project, category)
                totals[key] = totals.get(key, 0.0) + amount
        demands = {}
        for (project, category), amount in totals.items():
            line = self._hyc_line_for(project, category)
            if line:
                demands[line] = demands.get(line, 0.0) + amount
        return demands

    @api.model
    def _hyc_enforce(self, items, document, interactive=True, counted_items=None, committed_items=None,
                     touch=False, updates_totals=False):
        """Run the budget control for ``document`` (a purchase order or a bill).

        Returns None when the document may go on, or an action (the warning / override
        wizard) the caller returns to the web client instead of going on.
        Raises UserError when the budget blocks and no authorised override is given.
        ``counted_items``: (project, category, amount) of the document already counted in
        actual (Odoo's analytic estimate of picked stock moves).
        ``committed_items``: (project, category, amount) committed elsewhere than on purchase
        lines (approved expense reports not yet posted), added to committed.
        ``touch``: when the document goes on, update the locked lines' row although their
        running totals do not change (the document is not in them yet), so that a
        concurrent check waiting on the lock fails to serialise instead of missing it.
        ``updates_totals``: the document, when it goes on, adds exactly what it demands to
        the demanded lines' running totals (a purchase order's commitments): see
        _hyc_lock_and_decide.
        """
        demands = self._hyc_demands(items)
        if not demands:
            return None
        counted = self._hyc_demands(counted_items) if counted_items else {}
        extra = self._hyc_demands(committed_items) if committed_items else {}
        decisions = self.sudo()._hyc_lock_and_decide(
            demands, {line.id: amt for line, amt in counted.items()}, {line.id: amt for line, amt in extra.items()},
            updates_totals=updates_totals and not touch,
        )
        if touch:
            self.env.cr.execute(
                "UPDATE hyc_project_budget_line SET check_count = COALESCE(check_count, 0) + 1 WHERE id = ANY(%s)",
                [[line.id for line, _d in decisions]],
            )
        blocked = [(line, d) for line, d in decisions if d.status == budget_control.BLOCK]
        warned = [(line, d) for line, d in decisions if d.status == budget_control.WARN]
        if not blocked and not warned:
            return None
        ctx = self.env.context
        is_manager = self.env.user.has_group("hyc_project_budget.group_management")
        reason = (ctx.get("hyc_budget_override_reason") or "").strip()
        if blocked:
            text = "\n".join(line._hyc_message(d) for line, d in blocked)
            if reason and is_manager:
                body = self.env._("Budget exceeded, overridden by %(user)s. Reason: %(reason)s\n%(figures)s",
                         user=self.env.user.name, reason=reason, figures=text)
                document.message_post(body=body)
                for budget in {line.budget_id for line, _d in blocked}:
                    budget.message_post(body=self.env._("%(document)s: %(body)s", document=document.display_name, body=body))
                return None
            if is_manager and interactive:
                return self.env["hyc.budget.check.wizard"]._hyc_open(document, "override", text)
            raise UserError(self.env._("The budget does not allow this document.\n%(figures)s", figures=text))
        if warned and not ctx.get("hyc_budget_warning_ack") and not reason:
            text = "\n".join(line._hyc_message(d) for line, d in warned)
            if interactive:
                return self.env["hyc.budget.check.wizard"]._hyc_open(document, "warn", text)
            document.message_post(body=self.env._("Budget warning accepted automatically:\n%(figures)s", figures=text))
        elif warned:
            text = "\n".join(line._hyc_message(d) for line, d in warned)
            document.message_post(body=self.env._("Budget warning acknowledged by %(user)s:\n%(figures)s",
                                         user=self.env.user.name, figures=text))
        return None

    def write(self, vals):
        self.check_access("write")  # refuse users without the right before explaining revisions
        if "amount" in vals and not self.env.context.get("hyc_budget_revision_reason"):
            if any(line.budget_id.state == "approved" and line.amount != vals["amount"] for line in self):
                raise UserError(self.env._("The budget is approved: change it with a revision and give a reason."))
        res = super().write(vals)
        if "category_id" in vals or "budget_id" in vals:
            self._hyc_forget_line_keys()
            self._hyc_recount(self.ids)  # the line now holds another (project, category)
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self._hyc_forget_line_keys()
        if not self.env.context.get("hyc_budget_revision_reason") and any(
            line.budget_id.state == "approved" for line in lines
        ):
            raise UserError(self.env._("The budget is approved: add a category with a revision and give a reason."))
        lines._hyc_recount(lines.ids)  # count what the project already committed and spent
        return lines

    def unlink(self):
        ids = self.ids
        self.env["purchase.order.line"].flush_model(["hyc_counted"])
        res = super().unlink()
        self._hyc_forget_line_keys()
        # the sources still pointing at the deleted lines are detached: analytic items by
        # their foreign key (ondelete set null), purchase lines here
        self.env.cr.execute(
            """UPDATE purchase_order_line SET hyc_counted = NULLIF(hyc_counted - %(keys)s::text[], '{}'::jsonb)
                WHERE hyc_counted ?| %(keys)s::text[]""",
            {"keys": [str(i) for i in ids]},
        )
        self.env["purchase.order.line"].invalidate_model(["hyc_counted"])
        self.env["account.analytic.line"].invalidate_model(["hyc_counted_amount", "hyc_counted_line_id"])
        return res


class HycProjectBudgetRevision(models.Model):
    """Who changed which budget line, from what to what, and why."""

    _name = "hyc.project.budget.revision"
    _description = "Project Budget Revision"
    _order = "date desc, id desc"

    budget_id = fields.Many2one(
        "hyc.project.budget", string="Project Budget", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="budget_id.company_id", store=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    category_id = fields.Many2one("hyc.budget.category", required=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="Changed By", required=True, default=lambda self: self.env.user)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    old_amount = fields.Monetary(string="Before")
    new_amount = fields.Monetary(string="After")
    delta = fields.Monetary(string="Change", compute="_compute_delta", store=True)
    reason = fields.Text(required=True)

    @api.depends("old_amount", "new_amount")
    def _compute_delta(self):
        for revision in self:
            revision.delta = revision.new_amount - revision.old_amount
