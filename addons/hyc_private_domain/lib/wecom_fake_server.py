"""A local stand-in for WeCom's robot webhook, for tests and offline demos.

Runs ``http.server`` in a thread on 127.0.0.1 (a free port). It validates the JSON the way
WeCom documents it, answers real error codes and enforces the 20-messages-a-minute limit
per key with an injectable clock:

* unknown key → ``{"errcode": 93000, "errmsg": "invalid webhook url"}``
* 21st message within 60 s on one key → 45009
* malformed body / bad msgtype / content over the byte limit → 40008 / 40058
* ``fail_next[key] = [errcode, ...]`` queues forced answers (e.g. -1 "system busy").
"""

import json
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .wecom import MARKDOWN_LIMIT, RATE_LIMIT, RATE_WINDOW, TEXT_LIMIT, utf8_len

ERR_INVALID_MESSAGE_TYPE = 40008
ERR_INVALID_PARAMETER = 40058


class FakeWeComServer:
    def __init__(self, keys=(), clock=time.monotonic, limit=RATE_LIMIT, window=RATE_WINDOW):
        self.keys = set(keys)
        self.clock = clock
        self.limit = limit
        self.window = window
        self.received = []  # (key, payload) of accepted messages, in order
        self.requests = []  # (key, payload or raw body, errcode) of every request
        self.fail_next = {}
        self.delay = 0.0  # seconds to wait before answering (to widen race windows in tests)
        self._history = {}
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    # -- lifecycle -------------------------------------------------------------------
    def start(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if server.delay:
                    time.sleep(server.delay)
                answer = server.handle(self.path, raw, self.headers.get("Content-Type", ""))
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # keep test output quiet
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def base_url(self):
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def messages_for(self, key):
        return [payload for k, payload in self.received if k == key]

    # -- protocol --------------------------------------------------------------------
    def handle(self, path, raw, content_type):
        parsed = urllib.parse.urlsplit(path)
        key = (urllib.parse.parse_qs(parsed.query).get("key") or [""])[0]
        with self._lock:
            answer, payload = self._answer(parsed.path, key, raw, content_type)
            self.requests.append((key, payload, answer["errcode"]))
            if answer["errcode"] == 0:
                self.received.append((key, payload))
            return answer

    def _answer(self, path, key, raw, content_type):
        if path != "/cgi-bin/webhook/send" or key not in self.keys:
            return {"errcode": 93000, "errmsg": "invalid webhook url"}, raw
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {"errcode": 40058 if raw else 40008, "errmsg": "invalid json"}, raw
        if "application/json" not in content_type:
            return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "content type must be json"}, payload
        forced = self.fail_next.get(key)
        if forced:
            code = forced.pop(0)
            return {"errcode": code, "errmsg": "forced by test"}, payload
        error = self._validate(payload)
        if error:
            return error, payload
        now = self.clock()
        history = self._history.setdefault(key, deque())
        while history and history[0] <= now - self.window:
            history.popleft()
        if len(history) >= self.limit:
            return {"errcode": 45009, "errmsg": "api freq out of limit"}, payload
        history.append(now)
        return {"errcode": 0, "errmsg": "ok"}, payload

    def _validate(self, payload):
        msgtype = payload.get("msgtype") if isinstance(payload, dict) else None
        if msgtype == "text":
            text = payload.get("text") or {}
            content = text.get("content")
            if not isinstance(content, str) or not content:
                return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "text.content missing"}
            if utf8_len(content) > TEXT_LIMIT:
                return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "content exceed max length 2048"}
            for name in ("mentioned_list", "mentioned_mobile_list"):
                if name in text and not all(isinstance(v, str) for v in text[name]):
                    return {"errcode": ERR_INVALID_PARAMETER, "errmsg": f"{name} must be strings"}
            return None
        if msgtype == "markdown":
            content = (payload.get("markdown") or {}).get("content")
            if not isinstance(content, str) or not content:
                return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "markdown.content missing"}
            if utf8_len(content) > MARKDOWN_LIMIT:
                return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "content exceed max length 4096"}
            return None
        if msgtype == "news":
            articles = (payload.get("news") or {}).get("articles")
            if not isinstance(articles, list) or not 1 <= len(articles) <= 8:
                return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "articles must hold 1 to 8 items"}
            if not all(a.get("title") and a.get("url") for a in articles):
                return {"errcode": ERR_INVALID_PARAMETER, "errmsg": "article title and url required"}
            return None
        return {"errcode": ERR_INVALID_MESSAGE_TYPE, "errmsg": "invalid message type"}
