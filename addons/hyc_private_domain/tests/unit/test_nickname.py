"""Nickname pattern 地区-肤质 → region and skin type."""

import pytest

from odoo.addons.hyc_private_domain.lib import nickname as nick


@pytest.mark.parametrize("raw, region, skin", [
    ("北京-油皮", "北京", "油性"),
    ("北京－油皮", "北京", "油性"),  # full-width hyphen-minus
    ("上海—干皮", "上海", "干性"),  # em dash
    ("广州–混油", "广州", "混合偏油"),  # en dash
    ("深圳 ～ 敏感肌", "深圳", "敏感"),
    ("成都 - 痘肌", "成都", "痘痘肌"),
    ("  杭州   混干  ", "杭州", "混合偏干"),  # spaces only
    ("🌸武汉-油皮🌸", "武汉", "油性"),
    ("武汉🔥-干皮✨", "武汉", "干性"),
    ("广东省-中性", "广东", "中性"),
    ("上海市/油性", "上海", "油性"),
    ("油皮-北京", "北京", "油性"),  # reversed order
    ("北京--油皮", "北京", "油性"),  # doubled separator
    ("【北京】-油皮", "北京", "油性"),
    ("西安丨敏感", "西安", "敏感"),
])
def test_parses(raw, region, skin):
    result = nick.parse_nickname(raw)
    assert result.ok, result
    assert (result.region, result.skin_type, result.reason) == (region, skin, "")


def test_extra_parts_are_kept_apart():
    result = nick.parse_nickname("北京-油皮-Lily")
    assert (result.ok, result.region, result.skin_type, result.rest) == (True, "北京", "油性", "Lily")


@pytest.mark.parametrize("raw, reason", [
    ("", nick.EMPTY),
    (None, nick.EMPTY),
    ("🌸🌸", nick.EMPTY),
    ("小红", nick.NO_SEPARATOR),
    ("油皮", nick.MISSING_REGION),
    ("-油皮", nick.MISSING_REGION),
    ("北京-", nick.MISSING_SKIN),
    ("北京－ ", nick.MISSING_SKIN),
    ("北京-小红", nick.UNKNOWN_SKIN),
    ("123-油皮", nick.BAD_REGION),
])
def test_does_not_parse(raw, reason):
    result = nick.parse_nickname(raw)
    assert not result.ok
    assert result.reason == reason
    assert result.nickname == (raw or "")


def test_unknown_skin_keeps_the_region_for_the_report():
    result = nick.parse_nickname("北京-小红")
    assert (result.region, result.skin_type) == ("北京", "")


def test_two_character_region_is_not_shortened():
    assert nick.canonical_region("沙市") == "沙市"
    assert nick.canonical_region("重庆市") == "重庆"
