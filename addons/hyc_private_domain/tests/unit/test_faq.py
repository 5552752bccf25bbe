"""Keyword bot matching and webhook signatures."""

import hashlib
import hmac

from odoo.addons.hyc_private_domain.lib import faq

ENTRIES = [
    faq.FaqEntry(1, faq.split_keywords("直播时间，几点直播、开播"), sequence=10),
    faq.FaqEntry(2, faq.split_keywords("许愿瓶, 许愿"), sequence=10),
    faq.FaqEntry(3, faq.split_keywords("直播"), sequence=5),
    faq.FaqEntry(4, (), pattern=r"(退|换)货", sequence=10),
]


def test_keywords_are_split_and_normalised():
    assert faq.split_keywords("直播时间，几点直播、开播;\nLIVE ") == ("直播时间", "几点直播", "开播", "live")


def test_longest_keyword_wins_over_sequence():
    result = faq.match("请问今晚直播时间是几点？", ENTRIES)
    assert (result.kind, result.entry_id, result.matched) == (faq.ANSWER, 1, "直播时间")


def test_shorter_keyword_matches_when_alone():
    assert faq.match("今天有直播吗", ENTRIES).entry_id == 3


def test_full_width_and_spaces_are_ignored():
    assert faq.match("许 愿 瓶入口在哪", ENTRIES).entry_id == 2
    assert faq.match("ＬＩＶＥ", [faq.FaqEntry(9, ("live",))]).entry_id == 9


def test_regex_entry():
    result = faq.match("怎么退货呀", ENTRIES)
    assert (result.kind, result.entry_id, result.matched) == (faq.ANSWER, 4, "退货")
    assert faq.check_pattern("(退|换)货") is None
    assert faq.check_pattern("(unclosed") is not None


def test_human_request_wins_even_with_a_keyword():
    result = faq.match("直播时间不对，我要转人工", ENTRIES)
    assert (result.kind, result.entry_id) == (faq.HUMAN, None)


def test_no_match_is_a_miss():
    assert faq.match("你们的面霜适合孕妇吗", ENTRIES) == faq.Match(faq.MISS)
    assert faq.match("   ", ENTRIES) == faq.Match(faq.MISS)


def test_ties_go_to_the_lower_sequence_then_id():
    entries = [faq.FaqEntry(7, ("抽奖",), sequence=20), faq.FaqEntry(8, ("抽奖",), sequence=10)]
    assert faq.match("抽奖", entries).entry_id == 8


def test_signature_is_hmac_sha256_of_the_raw_body():
    body = '{"text": "直播时间"}'.encode()
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert faq.sign("s3cret", body) == expected
    assert faq.verify("s3cret", body, expected)
    assert faq.verify("s3cret", body, "sha256=" + expected.upper())
    assert not faq.verify("s3cret", body + b" ", expected)
    assert not faq.verify("other", body, expected)
    assert not faq.verify("", body, faq.sign("", body))
    assert not faq.verify("s3cret", body, "")
