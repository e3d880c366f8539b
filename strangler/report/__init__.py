"""Renderers: data in, text out. Nothing here touches the file system."""

from strangler.report.dot import render_dot
from strangler.report.html import render_html
from strangler.report.json_report import (
    SCHEMA_VERSION,
    analysis_document,
    render_json,
    render_json_bytes,
)
from strangler.report.markdown import render_markdown
from strangler.report.overview import overview

__all__ = ["SCHEMA_VERSION", "analysis_document", "overview", "render_dot", "render_html",
           "render_json", "render_json_bytes", "render_markdown"]
