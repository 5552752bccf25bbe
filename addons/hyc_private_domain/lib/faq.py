"""Keyword bot (机器人小助手): match a group message against FAQ entries, or detect a
request for a human, and check the HMAC-SHA256 signature of inbound webhook calls."""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

ANSWER = "answer"
HUMAN = "human"
MISS = "miss"

HUMAN_WORDS = ("人工", "转人工", "真人", "客服", "找小助手", "human", "agent")
_SPLIT_RE = re.compile(r"[,，;；、\n]+")


@dataclass(frozen=True)
class FaqEntry:
    id: int
    keywords: tuple = ()
    pattern: str = ""
    sequence: int = 10


@dataclass(frozen=True)
class Match:
    kind: str  # ANSWER, HUMAN or MISS
    entry_id: int | None = None
    matched: str = ""


def normalise(text):
    """NFKC (full-width → half-width), lower case, no spaces: what members type varies."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


def split_keywords(text):
    return tuple(k for k in (normalise(part) for part in _SPLIT_RE.split(text or "")) if k)


def check_pattern(pattern):
    """None if the regular expression compiles, else the error message."""
    try:
        re.compile(pattern)
    except re.error as error:
        return str(error)
    return None


def match(text, entries, human_words=HUMAN_WORDS):
    """A request for a human wins; then the entry with the longest matching keyword (a
    regex match counts as its whole matched text), ties broken by sequence then id."""
    clean = normalise(text)
    if not clean:
        return Match(MISS)
    for word in human_words:
        if normalise(word) in clean:
            return Match(HUMAN, matched=word)
    best = None
    for entry in entries:
        found = ""
        for keyword in entry.keywords:
            if keyword in clean and len(keyword) > len(found):
                found = keyword
        if entry.pattern:
            hit = re.search(entry.pattern, unicodedata.normalize("NFKC", text), re.IGNORECASE)
            if hit and len(hit.group(0)) > len(found):
                found = hit.group(0)
        if found:
            rank = (-len(found), entry.sequence, entry.id)
            if best is None or rank < best[0]:
                best = (rank, entry, found)
    if best is None:
        return Match(MISS)
    return Match(ANSWER, entry_id=best[1].id, matched=best[2])


def sign(secret, body):
    """Hex HMAC-SHA256 of the raw request body with the shared secret."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret, body, signature):
    """Constant-time check; accepts ``sha256=<hex>`` or bare hex. No secret → refuse."""
    if not secret or not signature:
        return False
    signature = signature.strip()
    if signature.startswith("sha256="):
        signature = signature[len("sha256="):]
    return hmac.compare_digest(sign(secret, body), signature.lower())
