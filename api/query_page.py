"""The query page at ``/``: YASGUI (vendored under ``static/yasgui``), one tab per example query.

Every ``examples/queries/*.rq`` becomes a tab, in file-name order; the tab is named by
the query's first comment line if it has one, else by its file name.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api import pages
from api.deps import PublicBase, SettingsDep

router = APIRouter(tags=["query page"])

DEFAULT_QUERY = """PREFIX hd: <https://w3id.org/hadath/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?event ?type ?label WHERE {
  ?event a ?type ; hd:evidence ?evidence .
  OPTIONAL { ?event rdfs:label ?label FILTER(lang(?label) = "ar") }
}
LIMIT 50
"""


def example_queries(folder: Path) -> list[dict[str, str]]:
    """The ``*.rq`` files of ``folder`` as ``{"name", "query"}``, in file-name order."""
    if not folder.is_dir():
        return []
    examples = []
    for path in sorted(folder.glob("*.rq")):
        try:
            query = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        first = query.lstrip().splitlines()[0] if query.strip() else ""
        name = first.lstrip("#").strip() if first.startswith("#") else path.stem
        examples.append({"name": name[:60] or path.stem, "query": query})
    return examples


@router.get("/", response_class=HTMLResponse, summary="The query page (YASGUI)")
async def query_page(settings: SettingsDep, base: PublicBase) -> HTMLResponse:
    """YASGUI on this server's endpoint, with the example queries as tabs."""
    config = {
        "endpoint": f"{base}sparql",
        "examples": example_queries(settings.examples_dir),
        "defaultQuery": DEFAULT_QUERY,
    }
    return HTMLResponse(pages.render("query.html", base=base, config=config))
