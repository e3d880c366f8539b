"""web.py-style handler classes (infogami, Open Library): a literal `path` class attribute
and capitalised verb methods make a route; regular-expression paths read as parameters."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

from strangler.parse.facts.routes_webpy import regex_path

PAGES = {
    "ol/__init__.py": "",
    "ol/plugins/__init__.py": "",
    "ol/plugins/account.py": '''
        from infogami.utils import delegate

        class account_login(delegate.page):
            path = "/account/login"

            def GET(self):
                return "form"

            def POST(self):
                return "done"

        class book_edit(delegate.page):
            path = r"(/books/OL\\d+M)/edit"

            def GET(self, key):
                return key

        class covers(delegate.page):
            path = "(/(?:books|works)/[^/]+)/covers"

            def GET(self, key):
                return key

        class robots(delegate.page):
            path: str = "/robots.txt"

            def GET(self):
                return ""

        class static(delegate.page):
            path = "(/(?:images|js|css)/.*)"  # parameters only: no route, unresolved

            def GET(self, key):
                return key
    ''',
    "ol/plugins/lookalikes.py": '''
        import os

        class Upload:
            path = "/tmp/uploads"  # a file path: no handler method

            def save(self):
                return os.path.join(self.path, "x")

        class Export:
            path = os.path.join("data", "dump")  # not a literal

            def GET(self):
                return self.path

        class Relative:
            path = "books/edit"  # no URL path

            def GET(self):
                return 1
    ''',
}


def test_handler_classes_with_a_path_are_routes(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", PAGES))
    found = {(r.path, r.handler, r.methods, r.framework) for r in index.routes}
    assert found == {
        ("/account/login", "ol.plugins.account.account_login", ("GET", "POST"), "webpy"),
        ("/books/{param}/edit", "ol.plugins.account.book_edit", ("GET",), "webpy"),
        ("/{param}/{param}/covers", "ol.plugins.account.covers", ("GET",), "webpy"),
        ("/robots.txt", "ol.plugins.account.robots", ("GET",), "webpy"),
    }
    assert {r.module for r in index.routes} == {"ol.plugins.account"}
    assert [(u.module, u.handler) for u in index.unresolved_routes] == [
        ("ol.plugins.account", "ol.plugins.account.static")]


def test_regex_paths_become_parameters() -> None:
    assert regex_path("/account/login") == "/account/login"
    assert regex_path("^/works/OL\\d+W$") == "/works/{param}"
    assert regex_path("(/people/[^/]+)/lists") == "/people/{param}/lists"
    assert regex_path("/") == "/"
    assert regex_path("books/(.*)") is None
    # a dot is a dot unless repeated; `\\.` is a dot
    assert regex_path("/data/ol_dump_latest.txt.gz") == "/data/ol_dump_latest.txt.gz"
    assert regex_path("/sw\\.js") == "/sw.js"
    # optional parts are left out, inline flags read past
    assert regex_path("/admin/?") == "/admin"
    assert regex_path("((?:/people/[^/]+)?/lists/OL\\d+L)/feeds") == "/lists/{param}/feeds"
    assert regex_path("(?i)/foo") == "/foo"
    assert regex_path("/a{0,2}/c") == "/c"
    # a character class is a parameter; parameters only, or top-level alternatives: no path
    assert regex_path("/books/[a-z]") == "/books/{param}"
    assert regex_path("(/(?:images|js|css)/.*)") is None
    assert regex_path("/a|/b") is None


def test_a_url_table_web_application_serves_is_routes(tmp_path: Path) -> None:
    """web.py's `urls = ("/path", "ClassName", ...)` served by `web.application(urls, ...)`:
    each class at its pattern, its verbs its capitalised methods; a table no application
    serves, or a tuple of other strings, is no route table."""
    index = index_of(build_tree(tmp_path / "proj", {
        "covers/__init__.py": "",
        "covers/code.py": '''
            import web

            urls = (
                "/",
                "index",
                "/([^ /]*)/upload",
                "upload",
                "/([^ /]*)/([a-zA-Z]*)/(.*).json",
                "details",
            )
            app = web.application(urls, locals())

            class index:
                def GET(self):
                    return "covers"

            class upload:
                def POST(self, category):
                    return category

            class details:
                def GET(self, category, key, value):
                    return key
        ''',
        "covers/other.py": '''
            urls = ("/a", "A", "/b", "B")  # served by no application
            NAMES = ("/tmp/x", "not a name")
        ''',
    }))
    found = {(r.path, r.handler, r.methods, r.framework) for r in index.routes}
    assert found == {
        ("/", "covers.code.index", ("GET",), "webpy"),
        ("/{param}/upload", "covers.code.upload", ("POST",), "webpy"),
    }
    assert [u.handler for u in index.unresolved_routes] == ["covers.code.details"]


def test_a_repeated_class_is_a_parameter_an_optional_literal_is_left_out() -> None:
    assert regex_path("/([^ /]*)/upload") == "/{param}/upload"
    assert regex_path("/x/[0-9]{0,4}/y") == "/x/{param}/y"
    assert regex_path("/lists(/.*)?") == "/lists"
    assert regex_path("/trending(/?.*)") == "/trending"
    assert regex_path("/([^ /]*)/([a-z]*)/(.*).json") is None
    assert regex_path("(?P<a/x") is None  # (an unreadable group: no path, no crash)


def test_url_tables_in_any_order_and_styles_kept_apart(tmp_path: Path) -> None:
    """A table written below the application that serves it still counts; a table
    reassigned to something else no longer does; a handler may be a class object
    (`views.index`); web.py reads capitalised verbs only, Django lowercase ones."""
    index = index_of(build_tree(tmp_path / "proj", {
        "svc/__init__.py": "",
        "svc/views.py": '''
            class index:
                def GET(self):
                    return 1

                def delete(self):  # a helper, not web.py's DELETE
                    return 2
        ''',
        "svc/app.py": '''
            import web
            from svc import views

            def make():
                return web.application(urls, globals())

            app = web.application(urls, globals())
            urls = ("/home", views.index)
            old = ("/old", "Old")
            app2 = None
            old = load()
            app2 = web.application(old, globals())
        ''',
        "site/__init__.py": "",
        "site/views.py": '''
            from django.views import View

            class Report(View):
                def get(self, request):
                    return 1

                def POST(self):  # a helper: Django dispatches on method.lower()
                    return 2
        ''',
        "site/urls.py": '''
            from django.urls import path
            from site import views

            urlpatterns = [path("report/", views.Report.as_view())]
        ''',
    }))
    found = {(r.path, r.handler, r.methods) for r in index.routes}
    assert ("/home", "svc.views.index", ("GET",)) in found
    assert not [r for r in index.routes if r.path == "/old"]
    assert [r.methods for r in index.routes if r.handler == "site.views.Report"] == [("GET",)]

