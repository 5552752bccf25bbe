"""WeCom robot client against a real local HTTP server (FakeWeComServer on 127.0.0.1)."""

import pytest

from odoo.addons.hyc_private_domain.lib import wecom
from odoo.addons.hyc_private_domain.lib.wecom_fake_server import FakeWeComServer

KEY = "robot-key-1"


class FakeClock:
    """Time that only moves when someone sleeps."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server(clock):
    with FakeWeComServer(keys={KEY, "robot-key-2"}, clock=clock) as fake:
        yield fake


def client(server, clock, key=KEY, limiter=True, **kwargs):
    return wecom.WeComRobotClient(
        key, base_url=server.base_url, limiter=wecom.RateLimiter(clock=clock) if limiter else None,
        sleep=clock.sleep, **kwargs,
    )


def test_text_with_mentions_is_sent_as_the_exact_json(server, clock):
    result = client(server, clock).send_text("今晚19:30直播 🎉", mentioned_mobile_list=["13800001111", "@all"])
    assert result.ok and result.attempts == 1
    assert server.received == [(KEY, {
        "msgtype": "text",
        "text": {"content": "今晚19:30直播 🎉", "mentioned_mobile_list": ["13800001111", "@all"]},
    })]


def test_markdown_and_news_payloads(server, clock):
    robot = client(server, clock)
    robot.send_markdown("## 今日预告\n> 13:00 **新品**")
    robot.send_news([{"title": "许愿瓶", "url": "https://example.invalid/wish", "description": "点我许愿"}])
    assert server.messages_for(KEY) == [
        {"msgtype": "markdown", "markdown": {"content": "## 今日预告\n> 13:00 **新品**"}},
        {"msgtype": "news", "news": {"articles": [
            {"title": "许愿瓶", "description": "点我许愿", "url": "https://example.invalid/wish"}]}},
    ]


def test_news_needs_one_to_eight_articles_with_title_and_url():
    with pytest.raises(ValueError):
        wecom.news_payload([])
    with pytest.raises(ValueError):
        wecom.news_payload([{"title": "t", "url": "u"}] * 9)
    with pytest.raises(ValueError):
        wecom.news_payload([{"title": "no url"}])


def test_text_over_2048_bytes_is_split_on_character_boundaries(server, clock):
    content = "直播" * 700  # 1,400 characters = 4,200 bytes of UTF-8
    result = client(server, clock).send_text(content, mentioned_mobile_list=["13800001111"])
    sent = server.messages_for(KEY)
    assert len(sent) == 3 and result.attempts == 3
    assert [len(m["text"]["content"].encode()) for m in sent] == [2046, 2046, 108]
    assert "".join(m["text"]["content"] for m in sent) == content
    # the mention goes with the first part only
    assert sent[0]["text"]["mentioned_mobile_list"] == ["13800001111"]
    assert "mentioned_mobile_list" not in sent[1]["text"]


def test_split_prefers_newlines_and_respects_exact_limit():
    assert wecom.split_utf8("a" * 2048, 2048) == ["a" * 2048]
    assert wecom.split_utf8("a" * 2049, 2048) == ["a" * 2048, "a"]
    assert wecom.split_utf8("abc\ndef", 5) == ["abc\n", "def"]
    assert wecom.split_utf8("", 2048) == [""]


def test_too_long_is_refused_cleanly_when_splitting_is_off(server, clock):
    with pytest.raises(wecom.MessageTooLong) as error:
        client(server, clock).send_markdown("好" * 1366, split=False)  # 4,098 bytes
    assert (error.value.size, error.value.limit) == (4098, 4096)
    assert server.requests == []


def test_markdown_exactly_4096_bytes_goes_through(server, clock):
    client(server, clock).send_markdown("好" * 1365 + "a", split=False)  # 4,096 bytes
    assert len(server.received) == 1


def test_invalid_webhook_93000_is_a_permanent_failure_without_retry(server, clock):
    robot = client(server, clock, key="no-such-key")
    with pytest.raises(wecom.WeComError) as error:
        robot.send_text("hi")
    assert error.value.errcode == 93000 and error.value.permanent and error.value.attempts == 1
    assert [r[2] for r in server.requests] == [93000]
    assert clock.sleeps == []


def test_server_enforces_20_a_minute_and_answers_45009(server, clock):
    robot = client(server, clock, limiter=False, max_retries=0)
    for index in range(20):
        robot.send_text(f"m{index}")
    with pytest.raises(wecom.WeComError) as error:
        robot.send_text("m20")
    assert error.value.errcode == 45009 and not error.value.permanent
    # another robot is not affected
    client(server, clock, key="robot-key-2", limiter=False).send_text("other")
    assert len(server.received) == 21


def test_45009_is_retried_with_back_off_until_the_window_frees(server, clock):
    robot = client(server, clock, limiter=False, max_retries=5, backoff=2.0)
    for index in range(20):
        robot.send_text(f"m{index}")
    result = robot.send_text("m20")
    # back-off 2, 4, 8, 16, 32 s: the window (60 s from the first send) frees after 62 s in total
    assert result.ok and result.attempts == 6
    assert clock.sleeps == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert [r[2] for r in server.requests[20:]] == [45009] * 5 + [0]


def test_client_rate_limiter_spreads_sends_so_the_server_never_says_45009(server, clock):
    robot = client(server, clock)
    for index in range(45):
        robot.send_text(f"m{index}")
    assert [r[2] for r in server.requests] == [0] * 45
    # two waits: the 21st and the 41st message each wait for the window to slide
    assert clock.sleeps == [60.0, 60.0]


def test_system_busy_is_retried_and_other_errors_are_not(server, clock):
    server.fail_next[KEY] = [-1, -1]
    result = client(server, clock, backoff=1.0).send_text("busy")
    assert result.ok and result.attempts == 3 and clock.sleeps == [1.0, 2.0]
    server.fail_next[KEY] = [40058]
    with pytest.raises(wecom.WeComError) as error:
        client(server, clock).send_text("bad")
    assert error.value.errcode == 40058 and error.value.permanent and error.value.attempts == 1


def test_retries_are_bounded(server, clock):
    server.fail_next[KEY] = [-1] * 10
    with pytest.raises(wecom.WeComError) as error:
        client(server, clock, max_retries=2, backoff=1.0).send_text("x")
    assert error.value.attempts == 3 and not error.value.permanent
    assert clock.sleeps == [1.0, 2.0]


def test_unreachable_server_is_retried_then_reported(clock):
    with FakeWeComServer(keys={KEY}) as fake:
        base_url = fake.base_url
    robot = wecom.WeComRobotClient(KEY, base_url=base_url, sleep=clock.sleep, max_retries=1, timeout=2)
    with pytest.raises(wecom.WeComError) as error:
        robot.send_text("x")
    assert not error.value.permanent and error.value.attempts == 2 and "network error" in str(error.value)


def test_base_url_is_configurable_and_key_is_url_encoded():
    robot = wecom.WeComRobotClient("a b&c", base_url="http://127.0.0.1:9/")
    assert robot.url == "http://127.0.0.1:9/cgi-bin/webhook/send?key=a+b%26c"
    assert wecom.WeComRobotClient("k").url.startswith("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=")


def test_missing_key_is_a_permanent_error():
    with pytest.raises(wecom.WeComError) as error:
        wecom.WeComRobotClient("")
    assert error.value.permanent


def test_rate_limiter_sliding_window(clock):
    limiter = wecom.RateLimiter(limit=2, window=60, clock=clock)
    limiter.record("k")
    clock.now += 10
    limiter.record("k")
    assert limiter.delay("k") == 50.0
    assert limiter.delay("other") == 0.0
    clock.now += 50
    assert limiter.delay("k") == 0.0


def test_spread_offsets_per_robot():
    keys = ["a"] * 41 + ["b"] * 2
    offsets = wecom.spread_offsets(keys)
    assert offsets[:20] == [0.0] * 20
    assert offsets[20:40] == [60.0] * 20
    assert offsets[40] == 120.0
    assert offsets[41:] == [0.0, 0.0]
