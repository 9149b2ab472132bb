"""URLs as people see them: passwords masked, spoofing hosts in punycode, no controls.

A subscribed URL may carry a password (``https://me:secret@host/feed``): it
must stay in the library, since fetching needs it, but it is never printed or
shown (M12). A host such as ``аррӏе.com`` is written in Cyrillic letters that
look Latin; shown as Unicode it reads as another site, so — as browsers do —
a host whose label mixes scripts, or is written wholly in look-alikes of Latin
letters under a Latin top-level domain, is shown and handed over in its
``xn--`` form (M5). A single-script host such as ``пример.рф`` stays readable.
Control and bidi characters are refused where URLs come in
(:func:`url_problem`) and percent-escaped where one is shown anyway.

Every place that shows a URL or a host calls :func:`display_url` or
:func:`display_host`; the TUI uses the same helpers.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, urlsplit

from .sanitize import sanitize_line

__all__ = ["display_url", "display_host", "safe_host", "url_with_safe_host", "url_problem", "mask_password",
           "mask_passwords_in", "UNSAFE_URL_CHARS"]

#: Characters a URL may not carry: C0, DEL, C1, bidi controls, invisible marks, lone surrogates.
UNSAFE_URL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")

#: Scripts that may share a label, as in Chrome's IDN policy (Japanese, Chinese, Korean with Latin).
_ALLOWED_MIXES = (
    frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "CJK", "BOPOMOFO"}),
    frozenset({"LATIN", "CJK", "HANGUL"}),
)
#: Letters of other scripts that pass for Latin ones; a label made only of them
#: under a Latin top-level domain is a whole-script confusable.
_LATIN_LOOKALIKES = {
    "CYRILLIC": set("асԁеһіјӏорԛѕԝхуъьҽпгѵѡкмтвнд"),
    "GREEK": set("αικνορτυχ"),
}
_SCRIPT_ALIASES = {"HALFWIDTH": "KATAKANA", "IDEOGRAPHIC": "CJK"}


def url_problem(url: str) -> str | None:
    """A one-line reason a typed or imported URL is refused for its characters, else None."""
    m = UNSAFE_URL_CHARS.search(url.strip(" \t\r\n"))
    if m is None:
        return None
    return f"the address contains the control character U+{ord(m.group()):04X}"


def _script(ch: str) -> str | None:
    """The script of a letter (from its Unicode name); None for digits, hyphens and marks."""
    if not ch.isalpha():
        return None
    if ch.isascii():
        return "LATIN"
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_ALIASES.get(first, first)


def _label_is_spoof(label: str, tld_script: str | None) -> bool:
    scripts = {s for s in map(_script, label) if s}
    if len(scripts) > 1:
        return not any(scripts <= allowed for allowed in _ALLOWED_MIXES)
    if len(scripts) == 1:
        (script,) = scripts
        lookalikes = _LATIN_LOOKALIKES.get(script)
        if lookalikes and tld_script != script:
            return all(ch in lookalikes for ch in label if ch.isalpha())
    return False


def _to_unicode(host: str) -> str:
    """The host as Unicode (``xn--`` labels decoded, case and width folded); unchanged if not IDNA."""
    import idna

    try:
        return idna.decode(idna.encode(host, uts46=True))
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


def _to_ascii(host: str) -> str:
    """The ``xn--`` form of a host, even one that is not valid IDNA (shown, never looked up)."""
    import idna

    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        labels = []
        for label in host.split("."):
            if label.isascii():
                labels.append(label)
            else:
                labels.append("xn--" + label.encode("punycode", "replace").decode("ascii", "replace"))
        return ".".join(labels)


def safe_host(host: str) -> str:
    """The host to show and hand over: ``xn--`` form when it could pass for another site."""
    if not host or host.isascii():
        return host
    unicode_host = _to_unicode(host.lower())
    labels = [label for label in unicode_host.split(".") if label]
    tld_script = next((s for s in map(_script, labels[-1]) if s), None) if labels else None
    if any(_label_is_spoof(label, tld_script) for label in labels):
        return _to_ascii(unicode_host)
    return host


def display_host(host: str | None) -> str:
    """A host ready for the screen: spoofing hosts as punycode, no control characters."""
    return sanitize_line(safe_host(host or ""), limit=300)


def _netloc(parts: SplitResult, host: str, *, mask: bool) -> str:
    userinfo = ""
    if parts.username is not None or "@" in parts.netloc:
        user, _, password = parts.netloc.rpartition("@")[0].partition(":")
        userinfo = user + (":***" if mask and password else (":" + password if password else "")) + "@"
    if ":" in host:  # IPv6
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    return userinfo + host + (f":{port}" if port is not None else "")


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url)
        return parts if parts.hostname else None
    except ValueError:
        return None


def _escape_unsafe(text: str) -> str:
    """Percent-escape the characters a URL must not show raw (controls, bidi, lone surrogates)."""
    return UNSAFE_URL_CHARS.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), text)


def mask_password(url: str) -> str:
    """``https://user:***@host/…``: the URL without its password (the stored one keeps it)."""
    parts = _split(url)
    if parts is None or parts.password is None:
        return url
    return parts._replace(netloc=_netloc(parts, parts.hostname or "", mask=True)).geturl()


#: ``scheme://user:password@`` inside free text (an error message, a JSON document).
_USERINFO_IN_TEXT = re.compile(r"(://[^/@\s\"'<>,:]*):[^/@\s\"'<>,]+@")


def mask_passwords_in(text: str) -> str:
    """Every ``://user:password@`` in ``text`` as ``://user:***@`` (messages that quote a URL)."""
    return _USERINFO_IN_TEXT.sub(r"\1:***@", text) if "@" in text else text


def url_with_safe_host(url: str) -> str:
    """The URL with a spoofing host replaced by its ``xn--`` form (for the browser and the clipboard)."""
    parts = _split(url)
    if parts is None or parts.hostname is None or parts.hostname.isascii():
        return url
    host = safe_host(parts.hostname)
    if host == parts.hostname:
        return url
    return parts._replace(netloc=_netloc(parts, host, mask=False)).geturl()


def display_url(url: str | None, limit: int | None = 2000) -> str:
    """A URL ready for the terminal: password masked, spoofing host in punycode, controls escaped."""
    if not url:
        return ""
    shown = url
    parts = _split(url)
    if parts is not None and (parts.password is not None or not (parts.hostname or "").isascii()):
        shown = parts._replace(netloc=_netloc(parts, safe_host(parts.hostname or ""), mask=True)).geturl()
    return sanitize_line(_escape_unsafe(shown), limit=limit)
