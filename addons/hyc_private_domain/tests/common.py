from odoo.tests import HttpCase, TransactionCase, new_test_user

from odoo.addons.hyc_private_domain.lib.wecom_fake_server import FakeWeComServer
from odoo.addons.queue_job.job import Job


class HycPdMixin:
    """Company in Asia/Shanghai, a real local fake WeCom server (127.0.0.1, free port) the
    addon is pointed at, and the demo schedules archived so crons only see the test's."""

    KEYS = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.server = FakeWeComServer(keys=set(cls.KEYS)).start()
        cls.addClassCleanup(cls.server.stop)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("hyc_private_domain.wecom_base_url", cls.server.base_url)
        # retries are the job's business in these tests: one attempt, no sleeping
        params.set_param("hyc_private_domain.wecom_max_retries", "0")
        cls.env["hyc.pd.schedule"].search([]).active = False
        cls.operator = new_test_user(cls.env, login="hyc_pd_operator", groups="hyc_private_domain.group_operator")
        cls.op_admin = new_test_user(
            cls.env, login="hyc_pd_op_admin", groups="hyc_private_domain.group_operator_admin")
        cls.integration = new_test_user(
            cls.env, login="hyc_pd_integration", groups="hyc_private_domain.group_integration")

    def setUp(self):
        super().setUp()
        self.server.received.clear()
        self.server.requests.clear()
        self.server.fail_next.clear()
        self.server._history.clear()

    @classmethod
    def make_groups(cls, count, prefix="测试群", key_prefix="test-key-", keys=None):
        Group = cls.env["hyc.pd.group"]
        return Group.create([
            {"name": f"{prefix}{index + 1}", "provider": "wecom_robot",
             "robot_key": keys[index] if keys else f"{key_prefix}{index + 1}"}
            for index in range(count)
        ])

    # -- queue_job: jobs are really stored; the tests play the job runner's part ----------
    def job_marker(self):
        return self.env["queue.job"].search([], order="id desc", limit=1).id or 0

    def jobs_since(self, marker):
        return self.env["queue.job"].search([("id", ">", marker)], order="id")

    def perform_jobs(self, job_records):
        """Run stored jobs as the runner does: started, performed, done."""
        for record in job_records:
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()


class HycPdCase(HycPdMixin, TransactionCase):
    pass


class HycPdHttpCase(HycPdMixin, HttpCase):
    pass
