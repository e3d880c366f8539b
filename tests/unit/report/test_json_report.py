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
