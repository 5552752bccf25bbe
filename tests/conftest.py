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
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path

import pytest

import hyc_dev


@dataclass
class OdooServer:
    url: str
    db: str
    logfile: Path

    def proxy(self, endpoint):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/{endpoint}", allow_none=True)

    def login(self, login, password):
        return self.proxy("common").authenticate(self.db, login, password, {})

    def call(self, uid, password, model, method, *args, **kwargs):
        return self.proxy("object").execute_kw(self.db, uid, password, model, method, list(args), kwargs)


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
