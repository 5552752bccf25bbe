"""News messages (图文): validation, cutting at WeCom's byte limits, rendering, and the
exact JSON the local fake WeCom server receives."""

from odoo.addons.hyc_private_domain.lib import template, wecom
from odoo.addons.hyc_private_domain.lib.wecom_fake_server import FakeWeComServer

OK = {"title": "新品", "url": "https://example.com/a"}


def test_valid_news_has_no_problem():
    assert wecom.news_problems([OK]) == []
    assert wecom.news_problems([dict(OK, description="d", picurl="http://example.com/p.png")] * 8) == []


def test_every_problem_is_reported_with_its_article():
    articles = [
        {"title": " ", "url": "https://example.com"},
        {"title": "长" * 43, "url": "mailto:x@example.com"},
        {"title": "t", "url": "https://example.com", "description": "长" * 171, "picurl": "/local.png"},
    ]
    assert wecom.news_problems(articles) == [
        (0, wecom.NEWS_NO_TITLE),
        (1, wecom.NEWS_TITLE_TOO_LONG), (1, wecom.NEWS_BAD_URL),
        (2, wecom.NEWS_DESCRIPTION_TOO_LONG), (2, wecom.NEWS_BAD_PICURL),
    ]
    assert wecom.news_problems([]) == [(None, wecom.NEWS_COUNT)]
    assert wecom.news_problems([OK] * 9) == [(None, wecom.NEWS_COUNT)]


def test_limits_are_bytes_of_utf8():
    assert wecom.news_problems([dict(OK, title="长" * 42 + "ab")]) == []  # 128 bytes
    assert wecom.news_problems([dict(OK, title="长" * 42 + "abc")]) == [(0, wecom.NEWS_TITLE_TOO_LONG)]


def test_cut_utf8_never_splits_a_character():
    assert wecom.cut_utf8("长长长", 7) == "长长"
    assert wecom.cut_utf8("abc", 3) == "abc"
    assert wecom.cut_utf8(None, 3) == ""


def test_payload_cuts_rendered_titles_like_wecom():
    payload = wecom.news_payload([dict(OK, title="长" * 50, description="述" * 200)])
    article = payload["news"]["articles"][0]
    assert article["title"] == "长" * 42
    assert article["description"] == "述" * 170


def test_render_articles_fills_title_and_description_only():
    articles = [{"title": "{group}直播", "description": "{date}", "url": "https://example.com/{group}"}]
    assert template.render_articles(articles, {"group": "1群", "date": "2026-12-04"}) == [
        {"title": "1群直播", "description": "2026-12-04", "url": "https://example.com/{group}"}]
    assert template.news_placeholders(articles) == ["group", "date"]


def test_news_reaches_the_fake_server_as_the_exact_json():
    with FakeWeComServer(keys={"k"}) as server:
        client = wecom.WeComRobotClient("k", base_url=server.base_url, max_retries=0)
        client.send_news([dict(OK, description="看看", picurl="https://example.com/p.jpg"), OK])
        assert server.received == [("k", {"msgtype": "news", "news": {"articles": [
            {"title": "新品", "description": "看看", "url": "https://example.com/a", "picurl": "https://example.com/p.jpg"},
            {"title": "新品", "url": "https://example.com/a"}]}})]
