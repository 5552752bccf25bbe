"""Message templates with ``{placeholder}`` fields, e.g. ``{group}今晚{time}直播``.

Unknown placeholders are left untouched (and reported), so a typo never crashes a run of
4,000 groups; ``{{`` and ``}}`` write literal braces.
"""

import re

_PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def placeholders(template):
    return [m.group(1) for m in _PLACEHOLDER_RE.finditer(template or "") if m.group(1)]


def unknown_placeholders(template, known):
    return sorted({name for name in placeholders(template) if name not in known})


def render(template, values):
    def replace(match):
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        return str(values[name]) if name in values else token

    return _PLACEHOLDER_RE.sub(replace, template or "")


def local_values(local_moment):
    """Placeholders about the (local) instant of a run."""
    return {
        "date": local_moment.strftime("%Y-%m-%d"),
        "time": local_moment.strftime("%H:%M"),
        "weekday": WEEKDAYS_ZH[local_moment.weekday()],
    }


NEWS_TEXT_FIELDS = ("title", "description")


def news_placeholders(articles):
    """Placeholders used in the titles and descriptions of news articles."""
    return [name for article in articles for key in NEWS_TEXT_FIELDS for name in placeholders(article.get(key))]


def render_articles(articles, values):
    """News articles with their title and description rendered (urls are left as they are)."""
    return [
        {key: (render(value, values) if key in NEWS_TEXT_FIELDS else value) for key, value in article.items()}
        for article in articles
    ]
