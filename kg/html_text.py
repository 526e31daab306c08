"""A news page's HTML → the article's visible text, one block a paragraph.

Navigation, scripts, forms, headers, footers and asides are dropped; where the page marks
its story (``<article>``, ``<main>``, ``itemprop=articleBody``) only that is kept. The text
returned is what the document's offsets index (recorded as the document's ``nif:Context``).
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "template",
    "select",
    "menu",
)
_BLOCK = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figcaption",
    "pre",
    "td",
    "th",
    "dt",
    "dd",
    "div",
    "section",
    "article",
    "br",
    "tr",
    "figure",
    "main",
}
_STORY_XPATHS = ("//*[@itemprop='articleBody']", "//article", "//main", "//*[@role='main']")
_BOILERPLATE_CLASS = re.compile(
    r"(share|social|related|comment|breadcrumb|newsletter|advert|promo|cookie)", re.IGNORECASE
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _blocks(element: lxml.html.HtmlElement) -> list[str]:
    """Paragraph texts under ``element``, in document order."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _SPACES.sub(" ", "".join(current)).strip()
        if line:
            out.append(line)
        current.clear()

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        is_block = tag.lower() in _BLOCK
        if is_block:
            flush()
        if node.text:
            current.append(node.text.replace("\n", " "))
        for child in node:
            walk(child)
            if child.tail:
                current.append(child.tail.replace("\n", " "))
        if is_block:
            flush()

    walk(element)
    flush()
    return out


def _find(root: lxml.html.HtmlElement, xpath: str) -> list[lxml.html.HtmlElement]:
    """The HTML elements an XPath selects (other results ignored)."""
    found = root.xpath(xpath)
    return [e for e in found if isinstance(e, lxml.html.HtmlElement)] if isinstance(found, list) else []


def html_to_text(html: str) -> tuple[str, str | None]:
    """The visible article text of ``html`` (paragraphs separated by blank lines) and its title."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return "", None
    for bad in _find(root, "|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    for bad in _find(root, "//*[@class or @id]"):
        marker = f"{bad.get('class', '')} {bad.get('id', '')}"
        if _BOILERPLATE_CLASS.search(marker) and bad.tag not in ("body", "html", "article", "main"):
            bad.drop_tree()
    title_nodes = _find(root, "//title")
    title = title_nodes[0].text_content().strip() if title_nodes else None
    story = root
    for xpath in _STORY_XPATHS:
        found = _find(root, xpath)
        if found:
            story = found[0]
            break
    blocks = _blocks(story)
    if story is not root:
        headline = _find(root, "//h1")
        if headline and headline[0] not in story.iter():
            text = headline[0].text_content().strip()
            if text and text not in blocks[:1]:
                blocks.insert(0, text)
    return "\n\n".join(blocks), (title or None)
