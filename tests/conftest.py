"""Suite-level pytest fixtures.

`odoo_server` starts a real Odoo 18 server (odoo-bin, workers=0) on a free local port
against a database holding the five hyc addons, for tests that talk to it through
xmlrpc.client exactly as an integration would. `make test` hands it the database its
"all addons together" run left behind (HYC_TEST_DB); run alone, the fixture builds one.
"""

import os
import subprocess
import time
import urllib.request
import uuid
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path

import pytest

import hyc_dev

ADMIN_PASSWORD = "admin"  # Odoo's demo admin; the test databases are throwaway copies


@dataclass
class OdooServer:
    url: str
    db: str
    logfile: Path
    admin_password: str = ADMIN_PASSWORD

    def proxy(self, endpoint):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/{endpoint}", allow_none=True)

    def login(self, login, password):
        return self.proxy("common").authenticate(self.db, login, password, {})

    def call(self, uid, password, model, method, *args, **kwargs):
        return self.proxy("object").execute_kw(self.db, uid, password, model, method, list(args), kwargs)

    def admin_uid(self):
        uid = self.login("admin", self.admin_password)
        assert uid, "the demo admin cannot log in"
        return uid

    def ref(self, xmlid):
        """The database id behind an external id, looked up as the admin."""
        module, name = xmlid.split(".")
        rows = self.call(self.admin_uid(), self.admin_password, "ir.model.data", "search_read",
                         [("module", "=", module), ("name", "=", name)], fields=["res_id"])
        assert rows, f"{xmlid} does not exist"
        return rows[0]["res_id"]

    def new_user(self, group_xmlids, name=None, prefix="hyc"):
        """A fresh user in exactly these groups, created by the admin over XML-RPC: (uid, password)."""
        login = f"{prefix}-{uuid.uuid4().hex[:8]}"
        password = uuid.uuid4().hex
        groups = [self.ref(xmlid) for xmlid in group_xmlids]
        self.call(self.admin_uid(), self.admin_password, "res.users", "create",
                  {"name": name or login, "login": login, "password": password, "groups_id": [(6, 0, groups)]})
        uid = self.login(login, password)
        assert uid, f"the new user {login} cannot log in"
        return uid, password


def _integration_database():
    db = os.environ.get("HYC_TEST_DB")
    if db and hyc_dev.db_exists(db):
        return db
    db = "hyc_it_suite"
    addons = hyc_dev.hyc_addons()
    template = hyc_dev.ensure_template(hyc_dev.union_depends(addons))
    hyc_dev.clone_db(template, db)
    logfile = hyc_dev.LOG_DIR / f"{db}-install.log"
    if hyc_dev.run_odoo(db, ["-i", ",".join(addons), "--stop-after-init"], logfile):
        pytest.fail(f"installing the hyc addons into {db} failed; see {logfile}")
    return db


@pytest.fixture(scope="session")
def odoo_server():
    db = _integration_database()
    port = hyc_dev.free_port()
    logfile = hyc_dev.LOG_DIR / f"{db}-xmlrpc-server.log"
    cmd = hyc_dev.odoo_command(db, "--http-interface=127.0.0.1", f"--http-port={port}", f"--logfile={logfile}")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"odoo-bin exited with {proc.returncode} before serving; see {logfile}")
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"odoo-bin did not serve /web/login within 120 s; see {logfile}")
            time.sleep(0.5)
        yield OdooServer(url=url, db=db, logfile=logfile)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def admin(odoo_server):
    """The demo admin's uid (password: odoo_server.admin_password)."""
    return odoo_server.admin_uid()
