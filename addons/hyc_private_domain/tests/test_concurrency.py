import threading
from datetime import datetime

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.hyc_private_domain.lib.wecom_fake_server import FakeWeComServer

PARAM = "hyc_private_domain.wecom_base_url"


def two_job_workers(test, job):
    """Run ``job(env)`` in two threads at the same moment, like two queue_job workers:
    as queue_job's runner does, a serialization failure (the other worker changed the
    row after our snapshot) rolls back and runs once more. Returns (results, retried).
    Environments are built in the test's thread: building one takes the registry lock,
    which the test runner holds."""
    results, retried, barrier = [], [], threading.Barrier(2)

    def worker():
        envs = [api.Environment(test.registry.cursor(), SUPERUSER_ID, {}) for _attempt in range(2)]
        test.addCleanup(lambda: [env.cr.close() for env in envs if not env.cr.closed])

        def work():
            for attempt, env in enumerate(envs):
                try:
                    with env.cr:
                        if attempt == 0:
                            barrier.wait()
                        results.append(job(env))
                    return
                except psycopg2.errors.SerializationFailure:
                    retried.append(attempt)
                except Exception as error:  # reported by the test, not lost in the thread
                    results.append(f"error: {error!r}")
                    return

        return threading.Thread(target=work)

    threads = [worker() for _ in range(2)]
    with mute_logger("odoo.sql_db"):  # the loser's serialization failure is logged
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return results, retried


@tagged("post_install", "-at_install")
class TestDeliveryRace(TransactionCase):
    """Two workers run the job of the same delivery at the same moment (a requeued job
    and its resumed twin): the row lock lets one send, the other finds it sent."""

    def setUp(self):
        super().setUp()
        self.server = FakeWeComServer(keys={"race-key"}).start()
        self.addCleanup(self.server.stop)
        self.server.delay = 0.5  # the first worker holds the lock while WeCom answers
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            params = env["ir.config_parameter"]
            self.old_url = params.get_param(PARAM)
            params.set_param(PARAM, self.server.base_url)
            group = env["hyc.pd.group"].create({"name": "并发测试群", "provider": "wecom_robot",
                                                "robot_key": "race-key"})
            run = env["hyc.pd.run"].create({"name": "并发", "due_at": datetime(2026, 12, 4, 2, 0), "body": "x",
                                            "state": "sending"})
            delivery = env["hyc.pd.delivery"].create({"run_id": run.id, "group_id": group.id, "body": "只发一次"})
            self.ids = (group.id, run.id, delivery.id)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        group_id, run_id, _delivery_id = self.ids
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["hyc.pd.run"].browse(run_id).unlink()
            env["hyc.pd.group"].browse(group_id).unlink()
            env["ir.config_parameter"].set_param(PARAM, self.old_url or "https://qyapi.weixin.qq.com")

    def test_two_workers_send_the_same_delivery_once(self):
        results, retried = two_job_workers(
            self, lambda env: env["hyc.pd.delivery"].browse(self.ids[2])._hyc_pd_send_job())
        self.assertEqual(len(results), 2)
        self.assertEqual(sorted(r.split(":")[0] for r in results),
                         [f"delivery {self.ids[2]} is sent", f"delivery {self.ids[2]} sent"])
        self.assertEqual(self.server.received, [("race-key", {"msgtype": "text", "text": {"content": "只发一次"}})])
        self.assertLessEqual(len(retried), 1)
        with self.registry.cursor() as cr:
            delivery = api.Environment(cr, SUPERUSER_ID, {})["hyc.pd.delivery"].browse(self.ids[2])
            self.assertEqual((delivery.state, delivery.run_id.state), ("sent", "done"))


@tagged("post_install", "-at_install")
class TestWelcomeRace(TransactionCase):
    """Two welcome jobs of the same group run at the same moment (the delayed job and a
    twin queued while it was running, or a requeued one): the joins are locked, one
    worker sends, the other is retried by the runner and finds nobody left to welcome."""

    def setUp(self):
        super().setUp()
        self.server = FakeWeComServer(keys={"welcome-race-key"}).start()
        self.addCleanup(self.server.stop)
        self.server.delay = 0.5
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            params = env["ir.config_parameter"]
            self.old_url = params.get_param(PARAM)
            params.set_param(PARAM, self.server.base_url)
            group = env["hyc.pd.group"].create({"name": "欢迎并发群", "provider": "wecom_robot",
                                                "robot_key": "welcome-race-key", "auto_welcome": False})
            partners = env["res.partner"].create([{"name": f"并发{n}", "mobile": f"1370000000{n}"} for n in range(3)])
            group.hyc_pd_add_members(partners.ids)
            self.ids = (group.id, partners.ids)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        group_id, partner_ids = self.ids
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["hyc.pd.group"].browse(group_id).unlink()
            env["res.partner"].browse(partner_ids).unlink()
            env["ir.config_parameter"].set_param(PARAM, self.old_url or "https://qyapi.weixin.qq.com")

    def test_two_workers_welcome_the_same_joins_once(self):
        results, retried = two_job_workers(
            self, lambda env: env["hyc.pd.group"].browse(self.ids[0])._hyc_pd_welcome_job())
        self.assertEqual(len(results), 2, results)
        self.assertEqual(sorted(results), sorted(["WeCom accepted 1 message(s).",
                                                  f"nobody to welcome in group {self.ids[0]}"]))
        self.assertEqual(len(self.server.received), 1)
        self.assertEqual(self.server.received[0][1]["text"]["mentioned_mobile_list"],
                         ["13700000000", "13700000001", "13700000002"])
        with self.registry.cursor() as cr:
            group = api.Environment(cr, SUPERUSER_ID, {})["hyc.pd.group"].browse(self.ids[0])
            self.assertEqual(set(group.membership_ids.mapped("welcome_state")), {"sent"})
