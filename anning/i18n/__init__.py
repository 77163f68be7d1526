"""The one translation table: every user-visible string, in English and Chinese, split by feature.

Keys are dotted (``page.overview``, ``err.required``); values are ``(en, zh)``. Terms several
features share (channels, categories, roles, actions, rate bases) live once in :mod:`anning.i18n.terms`
under ``term.*``; ask for them through its functions (``terms.channel("sms", lang)``).
:func:`t` formats ``{placeholders}``. A test checks that every key has both
languages and the same placeholders in each, and that code asks only for keys
that exist.
"""

from __future__ import annotations

import string

from anning.i18n import (
    access,
    authority,
    company,
    data,
    enforcement,
    forecast,
    glossary,
    handling,
    inventory,
    lists,
    load,
    overview,
    province_map,
    publish_pages,
    rankings,
    referrals,
    scale,
    shell,
    terms,
)

LANGS = ("en", "zh")


_PARTS = (
    terms,
    shell,
    data,
    load,
    overview,
    rankings,
    province_map,
    company,
    forecast,
    enforcement,
    handling,
    authority,
    lists,
    inventory,
    referrals,
    publish_pages,
    access,
    scale,
    glossary,
)


def _merge() -> dict[str, tuple[str, str]]:
    """One table from the features' tables; a key defined twice is a bug, so it fails at import."""
    table: dict[str, tuple[str, str]] = {}
    for part in _PARTS:
        clash = table.keys() & part.TABLE.keys()
        if clash:
            raise KeyError(f"translation keys defined twice: {sorted(clash)}")
        table.update(part.TABLE)
    return table


TABLE: dict[str, tuple[str, str]] = _merge()


def t(key: str, lang: str = "en", /, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` with ``kwargs`` filled in; unknown keys raise ``KeyError``."""
    en, zh = TABLE[key]
    text = zh if lang == "zh" else en
    return text.format(**kwargs) if kwargs else text


def name_column(lang: str) -> str:
    """The column of a bilingual reference table (``name_zh`` / ``name_en``) that names things in ``lang``."""
    return "name_zh" if lang == "zh" else "name_en"


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a template uses (for the table's consistency test)."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}
