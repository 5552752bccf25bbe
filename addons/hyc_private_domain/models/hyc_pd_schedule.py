import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib import schedule as sch

_logger = logging.getLogger(__name__)

DEFAULT_TZ = sch.DEFAULT_TZ
# A run found more than this late (server down…) is recorded as skipped, not sent:
# a "we're live" message three hours late does more harm than good.
GRACE = timedelta(minutes=30)
PARAM_DEFAULT_TZ = "hyc_private_domain.default_tz"


class HycPdSchedule(models.Model):
    """Group SOP (群SOP): a message every day or every week at a time of the company's zone."""

    _name = "hyc.pd.schedule"
    _description = "Group Schedule"
    _inherit = ["hyc.pd.audience.mixin", "hyc.pd.message.mixin"]
    _order = "sequence, time_of_day, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    frequency = fields.Selection([("daily", "Every Day"), ("weekly", "Every Week")], required=True, default="daily")
    weekday = fields.Selection(
        [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"), ("4", "Friday"),
         ("5", "Saturday"), ("6", "Sunday")],
    )
    time_of_day = fields.Float(string="Time", required=True, default=10.0, help="Local time in the company's time zone.")
    timezone = fields.Char(compute="_compute_timezone", string="Time Zone")
    article_ids = fields.One2many("hyc.pd.news.article", "schedule_id", string="Articles", copy=True)
    dispatched_until = fields.Datetime(
        string="Planned Until", copy=False, readonly=True,
        help="Runs due up to this instant have been created.")
    next_due_at = fields.Datetime(compute="_compute_next_due_at", string="Next Run")
    run_ids = fields.One2many("hyc.pd.run", "schedule_id", string="Runs")

    @api.constrains("msgtype", "body", "article_ids")
    def _check_message_constraint(self):
        self._check_message()

    @api.depends("company_id")
    def _compute_timezone(self):
        for schedule in self:
            schedule.timezone = schedule.company_id._hyc_pd_tz()

    @api.constrains("frequency", "weekday", "time_of_day")
    def _check_spec(self):
        for schedule in self:
            if schedule.frequency == "weekly" and not schedule.weekday:
                raise ValidationError(self.env._("A weekly schedule needs a weekday."))
            if not 0 <= schedule.time_of_day < 24:
                raise ValidationError(self.env._("The time must be between 00:00 and 23:59."))

    def _spec(self):
        self.ensure_one()
        hour, minute = sch.float_to_hour_minute(self.time_of_day)
        return sch.ScheduleSpec(
            self.frequency, hour, minute, weekday=int(self.weekday) if self.frequency == "weekly" else None,
            tz=self.timezone or DEFAULT_TZ,
        )

    @api.depends("frequency", "weekday", "time_of_day", "dispatched_until", "company_id")
    def _compute_next_due_at(self):
        now = fields.Datetime.now()
        for schedule in self:
            if schedule.frequency == "weekly" and not schedule.weekday:
                schedule.next_due_at = False
                continue
            schedule.next_due_at = sch.next_due(schedule._spec(), max(now, schedule.dispatched_until or now))

    # -- the cron ------------------------------------------------------------------------
    @api.model
    def _cron_hyc_pd_dispatch(self, now=None):
        """Create every run that fell due since the last call (each once: unique on
        schedule + due time), then fan out the runs that still have work to do."""
        now = now or fields.Datetime.now()
        Run = self.env["hyc.pd.run"]
        for schedule in self.search([("active", "=", True)]):
            since = schedule.dispatched_until or schedule.create_date
            for due_at in sch.due_between(schedule._spec(), since, now):
                Run._hyc_pd_ensure_run(schedule, due_at, skipped=due_at < now - GRACE)
            schedule.dispatched_until = now
        Run.search([("state", "in", ("pending", "sending"))])._hyc_pd_dispatch(now)
        return True

    def action_view_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hyc_private_domain.action_hyc_pd_run")
        action["domain"] = [("schedule_id", "=", self.id)]
        return action


class ResCompany(models.Model):
    _inherit = "res.company"

    def _hyc_pd_tz(self):
        """Zone the schedules of the company run in: its partner's, else the default time
        zone of the settings, else Asia/Shanghai."""
        self.ensure_one()
        return (self.partner_id.tz or self.env["ir.config_parameter"].sudo().get_param(PARAM_DEFAULT_TZ)
                or DEFAULT_TZ)
