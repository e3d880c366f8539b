import json

from strangler.report.json_report import render_json, render_json_bytes


def test_render_json_is_valid_one_item_per_line_and_keeps_key_order() -> None:
    document = {"schema_version": "1.0", "modules": [{"name": "a|b", "n": 1}, {"name": "é"}],
                "empty": [], "summary": {"x": 1}}
    text = render_json(document)
    assert json.loads(text) == document
    assert list(json.loads(text)) == ["schema_version", "modules", "empty", "summary"]
    assert ' {"name":"é"}' in text.splitlines()
    assert text.endswith("}\n")


def test_a_file_name_that_is_not_utf8_is_escaped_not_fatal() -> None:
    # os.fsdecode(b"caf\xe9.py") keeps the byte as a lone surrogate, which UTF-8 cannot hold.
    name = b"caf\xe9.py".decode("utf-8", "surrogateescape")
    document = {"modules": [{"path": name}, {"path": "ok.py"}], "tool": {"name": name}}
    data = render_json_bytes(document)
    parsed = json.loads(data)
    assert parsed["modules"][0]["path"] == name
    assert parsed["modules"][1]["path"] == "ok.py"
    assert parsed["tool"]["name"] == name
    assert data.count(b"\n") == 7


def test_a_section_made_on_reading_renders_like_the_list_it_stands_for() -> None:
    from strangler.report.json_report import Section, iter_json

    rows = [(1, "a"), (2, "b")]
    made = []

    def make(row: tuple[int, str]) -> dict[str, object]:
        made.append(row)
        return {"n": row[0], "s": row[1]}

    lazy = {"items": Section(rows, make), "empty": Section([], make), "x": 1}
    eager = {"items": [{"n": 1, "s": "a"}, {"n": 2, "s": "b"}], "empty": [], "x": 1}
    assert made == []  # nothing is made before it is read
    assert render_json_bytes(lazy) == render_json_bytes(eager)
    assert b"".join(iter_json(lazy)) == render_json_bytes(eager)
    assert lazy["items"] == eager["items"] and len(lazy["items"]) == 2
    assert lazy["items"][1] == {"n": 2, "s": "b"} and lazy["items"][:1] == [{"n": 1, "s": "a"}]


def _one_item_a_line(document: dict[str, object]) -> bytes:
    """The format written out by hand, item by item: what the chunked encoder must equal."""
    import json

    import orjson

    def encode(item: object) -> bytes:
        try:
            return orjson.dumps(item)
        except orjson.JSONEncodeError:
            return json.dumps(item, separators=(",", ":")).encode()

    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            lines.append(b" " + encode(key) + b": [\n " + b",\n ".join(encode(v) for v in value)
                         + b"\n ]")
        else:
            lines.append(b" " + encode(key) + b": " + encode(value))
    return b"{\n" + b",\n".join(lines) + b"\n}\n"


def test_sections_longer_than_a_chunk_are_written_one_item_a_line() -> None:
    from strangler.report.json_report import CHUNK_ITEMS, Section

    bad = "m\udcff"  # not UTF-8: orjson refuses it, the stdlib writes \udcff
    for size in (1, CHUNK_ITEMS - 1, CHUNK_ITEMS, CHUNK_ITEMS + 1, 2 * CHUNK_ITEMS + 7):
        items = [{"name": f"m{n}", "n": n} for n in range(size)]
        items[size // 2] = {"name": bad, "n": -1}  # a refused item, in the middle chunk
        document = {"a": items, "b": [], "c": {"x": 1}, "d": [1, 2, 3]}
        expected = _one_item_a_line(document)
        assert render_json_bytes(document) == expected, size
        lazy = {**document, "a": Section(list(range(size)), lambda n, items=items: items[n])}
        assert render_json_bytes(lazy) == expected, size
