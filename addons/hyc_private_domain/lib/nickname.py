"""Group-nickname parser: members are asked to set their WeCom group nickname to
``地区-肤质`` (region-skin type), e.g. ``北京-油皮``.

Real nicknames are messy: full-width dashes (－), em/en dashes (— –), tildes, slashes,
spaces around the separator, emoji and decorations. ``parse_nickname`` normalises them and
returns a ``NicknameResult`` whose ``ok`` is False with a ``reason`` when it cannot parse.
"""

import re
import unicodedata
from dataclasses import dataclass

DEFAULT_PATTERN = "地区-肤质"
REGION = "地区"
SKIN = "肤质"

# Dash-like and other separators people type between the two parts.
SEPARATORS = "-‐‑‒–—―−－~～〜_＿/／|｜丨·・•、,，"
_SEPARATOR_RE = re.compile("\\s*[" + re.escape(SEPARATORS) + "]+\\s*")
_SPACE_RE = re.compile(r"\s+")

# Canonical skin types and the ways members write them.
SKIN_TYPES = {
    "油性": ("油性", "油皮", "油", "大油皮", "油性皮", "油性肌"),
    "干性": ("干性", "干皮", "干", "干性皮", "干性肌", "大干皮"),
    "混合偏油": ("混合偏油", "混油", "混油皮", "混合油"),
    "混合偏干": ("混合偏干", "混干", "混干皮", "混合干"),
    "混合": ("混合", "混合皮", "混合性", "混皮", "混合肌"),
    "中性": ("中性", "中性皮", "中性肌"),
    "敏感": ("敏感", "敏感肌", "敏皮", "敏感皮", "敏"),
    "痘痘肌": ("痘痘肌", "痘肌", "痘皮", "痘痘"),
}
SKIN_ALIASES = {alias: canonical for canonical, aliases in SKIN_TYPES.items() for alias in aliases}

# Reasons a nickname did not parse (stable codes; the UI translates them).
EMPTY = "empty"
NO_SEPARATOR = "no_separator"
MISSING_REGION = "missing_region"
MISSING_SKIN = "missing_skin"
UNKNOWN_SKIN = "unknown_skin"
BAD_REGION = "bad_region"


@dataclass(frozen=True)
class NicknameResult:
    nickname: str
    ok: bool
    region: str = ""
    skin_type: str = ""
    rest: str = ""
    reason: str = ""


def _strip_decorations(text):
    """NFKC (full-width → half-width), then drop emoji, symbols, joiners and marks."""
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("So", "Sk", "Cf", "Mn", "Me", "Co", "Cs"):
            continue
        if char in "【】[]()（）<>《》「」『』\"'“”‘’!！?？*★☆♥♡":
            kept.append(" ")
            continue
        kept.append(char)
    return _SPACE_RE.sub(" ", "".join(kept)).strip()


def canonical_skin(word):
    return SKIN_ALIASES.get(word.strip().lower(), "")


def canonical_region(word):
    word = word.strip()
    # "广东省" → "广东", "上海市" → "上海"; never shorten a two-character name
    if len(word) >= 3 and word[-1] in "省市":
        word = word[:-1]
    return word


def parse_nickname(nickname):
    """Parse ``地区-肤质``. Accepts the reversed order (``油皮-北京``) and extra trailing
    parts (``北京-油皮-Lily``, kept in ``rest``)."""
    original = nickname or ""
    text = _strip_decorations(original)
    if not text:
        return NicknameResult(original, False, reason=EMPTY)
    if _SEPARATOR_RE.search(text):
        parts = _SEPARATOR_RE.split(text)
    else:
        parts = text.split(" ")
        if len(parts) == 1:
            # a lone skin type or a lone region: say which half is missing
            reason = MISSING_REGION if canonical_skin(text) else NO_SEPARATOR
            return NicknameResult(original, False, reason=reason)
    parts = [part.strip() for part in parts]
    first, second, rest = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    if not first:
        return NicknameResult(original, False, reason=MISSING_REGION)
    if not second:
        return NicknameResult(original, False, reason=MISSING_SKIN)
    if not canonical_skin(second) and canonical_skin(first):
        first, second = second, first
    skin = canonical_skin(second)
    if not skin:
        return NicknameResult(original, False, region=canonical_region(first), reason=UNKNOWN_SKIN)
    region = canonical_region(first)
    if not region or canonical_skin(region) or region.isdigit():
        return NicknameResult(original, False, skin_type=skin, reason=BAD_REGION)
    return NicknameResult(original, True, region=region, skin_type=skin, rest=" ".join(p for p in rest if p))
