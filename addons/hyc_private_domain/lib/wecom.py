"""WeCom (企业微信) group-robot webhook client.

Protocol: POST JSON to ``{base_url}/cgi-bin/webhook/send?key=KEY``; the answer is
``{"errcode": 0, "errmsg": "ok"}`` on success. Limits enforced by WeCom:

* text content at most 2,048 bytes of UTF-8, markdown at most 4,096 bytes;
* 20 messages a minute per robot (errcode 45009 when exceeded);
* errcode 93000: the webhook URL (key) is invalid — retrying cannot help.

The client never sleeps or reads the clock directly: ``clock`` and ``sleep`` are injected so
that tests (and the Odoo job runner) drive time themselves.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field

DEFAULT_BASE_URL = "https://qyapi.weixin.qq.com"
TEXT_LIMIT = 2048
MARKDOWN_LIMIT = 4096
NEWS_MAX_ARTICLES = 8
NEWS_TITLE_LIMIT = 128  # bytes of UTF-8; WeCom cuts longer titles
NEWS_DESCRIPTION_LIMIT = 512  # bytes of UTF-8; WeCom cuts longer descriptions
NEWS_FIELDS = ("title", "description", "url", "picurl")
RATE_LIMIT = 20
RATE_WINDOW = 60.0

ERR_OK = 0
ERR_SYSTEM_BUSY = -1
ERR_FREQUENCY_LIMIT = 45009
ERR_INVALID_WEBHOOK = 93000
RETRYABLE_ERRCODES = frozenset({ERR_SYSTEM_BUSY, ERR_FREQUENCY_LIMIT})


class WeComError(Exception):
    """A send that failed. ``permanent`` means retrying later will not help."""

    def __init__(self, message, errcode=None, permanent=False, attempts=1):
        super().__init__(message)
        self.errcode = errcode
        self.permanent = permanent
        self.attempts = attempts


class MessageTooLong(ValueError):
    """The content exceeds WeCom's byte limit and splitting was not allowed."""

    def __init__(self, size, limit):
        super().__init__(f"message is {size} bytes of UTF-8, the limit is {limit}")
        self.size = size
        self.limit = limit


def utf8_len(text):
    return len(text.encode("utf-8"))


def split_utf8(text, limit):
    """Split ``text`` into chunks of at most ``limit`` UTF-8 bytes, never inside a
    character, preferring to cut after a newline, then after a space."""
    if limit < 4:
        raise ValueError("limit must hold at least one character (4 bytes)")
    chunks = []
    rest = text
    while utf8_len(rest) > limit:
        # longest prefix that fits, in characters
        size, cut = 0, 0
        for index, char in enumerate(rest):
            size += utf8_len(char)
            if size > limit:
                break
            cut = index + 1
        prefix = rest[:cut]
        for separator in ("\n", " "):
            position = prefix.rfind(separator)
            if position > 0:
                cut = position + 1
                break
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def text_payloads(content, mentioned_mobile_list=None, mentioned_list=None, split=True):
    """Text message payloads; several when the content exceeds 2,048 bytes and ``split``.
    Mentions go on the first message only (one notification per person)."""
    size = utf8_len(content)
    if size > TEXT_LIMIT and not split:
        raise MessageTooLong(size, TEXT_LIMIT)
    payloads = []
    for index, chunk in enumerate(split_utf8(content, TEXT_LIMIT)):
        text = {"content": chunk}
        if index == 0 and mentioned_list:
            text["mentioned_list"] = list(mentioned_list)
        if index == 0 and mentioned_mobile_list:
            text["mentioned_mobile_list"] = list(mentioned_mobile_list)
        payloads.append({"msgtype": "text", "text": text})
    return payloads


def markdown_payloads(content, split=True):
    size = utf8_len(content)
    if size > MARKDOWN_LIMIT and not split:
        raise MessageTooLong(size, MARKDOWN_LIMIT)
    return [{"msgtype": "markdown", "markdown": {"content": chunk}} for chunk in split_utf8(content, MARKDOWN_LIMIT)]


def cut_utf8(text, limit):
    """The longest prefix of ``text`` of at most ``limit`` UTF-8 bytes (whole characters)."""
    data = (text or "").encode("utf-8")
    if len(data) <= limit:
        return text or ""
    return data[:limit].decode("utf-8", errors="ignore")


def is_web_url(value):
    parts = urllib.parse.urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# Problems found in news articles (stable codes; the Odoo side words them for users).
NEWS_COUNT = "count"
NEWS_NO_TITLE = "no_title"
NEWS_BAD_URL = "bad_url"
NEWS_BAD_PICURL = "bad_picurl"
NEWS_TITLE_TOO_LONG = "title_too_long"
NEWS_DESCRIPTION_TOO_LONG = "description_too_long"


def news_problems(articles):
    """[(article index or None, problem code)] of a news message; empty when valid:
    1 to 8 articles, each with a title of at most 128 bytes, an http(s) url, an optional
    description of at most 512 bytes and an optional http(s) picture url."""
    problems = []
    if not 1 <= len(articles) <= NEWS_MAX_ARTICLES:
        problems.append((None, NEWS_COUNT))
    for index, article in enumerate(articles):
        if not (article.get("title") or "").strip():
            problems.append((index, NEWS_NO_TITLE))
        elif utf8_len(article["title"]) > NEWS_TITLE_LIMIT:
            problems.append((index, NEWS_TITLE_TOO_LONG))
        if utf8_len(article.get("description") or "") > NEWS_DESCRIPTION_LIMIT:
            problems.append((index, NEWS_DESCRIPTION_TOO_LONG))
        if not is_web_url(article.get("url")):
            problems.append((index, NEWS_BAD_URL))
        if article.get("picurl") and not is_web_url(article["picurl"]):
            problems.append((index, NEWS_BAD_PICURL))
    return problems


def news_payload(articles):
    """``articles``: dicts with title, url and optional description, picurl (1 to 8).
    Titles and descriptions longer than WeCom's limits are cut the way WeCom would (a
    placeholder may have made them longer than the validated template)."""
    if not 1 <= len(articles) <= NEWS_MAX_ARTICLES:
        raise ValueError(f"a news message holds 1 to {NEWS_MAX_ARTICLES} articles, not {len(articles)}")
    cleaned = []
    for article in articles:
        if not article.get("title") or not article.get("url"):
            raise ValueError("every news article needs a title and a url")
        item = {k: article[k] for k in NEWS_FIELDS if article.get(k)}
        item["title"] = cut_utf8(item["title"], NEWS_TITLE_LIMIT)
        if "description" in item:
            item["description"] = cut_utf8(item["description"], NEWS_DESCRIPTION_LIMIT)
        cleaned.append(item)
    return {"msgtype": "news", "news": {"articles": cleaned}}


class RateLimiter:
    """Sliding window: at most ``limit`` sends per ``window`` seconds per robot key."""

    def __init__(self, limit=RATE_LIMIT, window=RATE_WINDOW, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
        self._sent = {}

    def _history(self, key, now):
        history = self._sent.setdefault(key, deque())
        while history and history[0] <= now - self.window:
            history.popleft()
        return history

    def delay(self, key):
        """Seconds to wait before the next send on ``key`` is allowed (0 if now)."""
        now = self.clock()
        history = self._history(key, now)
        if len(history) < self.limit:
            return 0.0
        return history[0] + self.window - now

    def record(self, key):
        now = self.clock()
        self._history(key, now).append(now)

    def acquire(self, key, sleep):
        """Block (through ``sleep``) until a send is allowed, then count it."""
        wait = self.delay(key)
        while wait > 0:
            sleep(wait)
            wait = self.delay(key)
        self.record(key)


def spread_offsets(robot_keys, limit=RATE_LIMIT, window=RATE_WINDOW):
    """Seconds after the start at which to send each message so that no robot gets more
    than ``limit`` messages in any ``window``: the n-th message of a robot goes out at
    ``(n // limit) * window``. Returns one offset per entry of ``robot_keys``."""
    seen = {}
    offsets = []
    for key in robot_keys:
        count = seen.get(key, 0)
        offsets.append((count // limit) * window)
        seen[key] = count + 1
    return offsets


@dataclass
class SendResult:
    ok: bool
    errcode: int | None = None
    errmsg: str = ""
    attempts: int = 0
    responses: list = field(default_factory=list)


class WeComRobotClient:
    """Send messages to one group robot.

    ``max_retries`` retries after the first attempt on retryable failures (45009, -1,
    HTTP 5xx, network errors), waiting ``backoff * 2**n`` seconds (capped at 60) —
    for 45009 at least until the rate window frees a slot.
    """

    def __init__(self, key, base_url=DEFAULT_BASE_URL, timeout=10, max_retries=3, backoff=2.0,
                 limiter=None, sleep=time.sleep):
        if not key:
            raise WeComError("the robot has no webhook key", errcode=ERR_INVALID_WEBHOOK, permanent=True, attempts=0)
        self.key = key
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.limiter = limiter
        self.sleep = sleep

    @property
    def url(self):
        return f"{self.base_url}/cgi-bin/webhook/send?" + urllib.parse.urlencode({"key": self.key})

    def _post_once(self, payload):
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    def send_payload(self, payload):
        """Send one payload with retries; returns SendResult or raises WeComError."""
        attempts = 0
        responses = []
        while True:
            if self.limiter is not None:
                self.limiter.acquire(self.key, self.sleep)
            attempts += 1
            try:
                answer = self._post_once(payload)
            except urllib.error.HTTPError as error:
                retryable, errcode, errmsg = error.code >= 500, None, f"HTTP {error.code}"
            except (urllib.error.URLError, OSError, ValueError) as error:
                retryable, errcode, errmsg = True, None, f"network error: {error}"
            else:
                responses.append(answer)
                errcode = answer.get("errcode")
                errmsg = answer.get("errmsg", "")
                if errcode == ERR_OK:
                    return SendResult(ok=True, errcode=0, errmsg=errmsg, attempts=attempts, responses=responses)
                retryable = errcode in RETRYABLE_ERRCODES
            if not retryable:
                raise WeComError(f"WeCom error {errcode}: {errmsg}", errcode=errcode, permanent=True, attempts=attempts)
            if attempts > self.max_retries:
                raise WeComError(
                    f"WeCom error {errcode}: {errmsg} (gave up after {attempts} attempts)",
                    errcode=errcode, permanent=False, attempts=attempts,
                )
            wait = min(self.backoff * 2 ** (attempts - 1), 60.0)
            if errcode == ERR_FREQUENCY_LIMIT and self.limiter is not None:
                wait = max(wait, self.limiter.delay(self.key))
            self.sleep(wait)

    def send_payloads(self, payloads):
        results = [self.send_payload(payload) for payload in payloads]
        return SendResult(ok=True, errcode=0, errmsg="ok", attempts=sum(r.attempts for r in results),
                          responses=[a for r in results for a in r.responses])

    def send_text(self, content, mentioned_mobile_list=None, mentioned_list=None, split=True):
        return self.send_payloads(text_payloads(content, mentioned_mobile_list, mentioned_list, split=split))

    def send_markdown(self, content, split=True):
        return self.send_payloads(markdown_payloads(content, split=split))

    def send_news(self, articles):
        return self.send_payload(news_payload(articles))
