import json

from strangler.report.json_report import render_json


def test_render_json_is_valid_one_item_per_line_and_keeps_key_order() -> None:
    document = {"schema_version": "1.0", "modules": [{"name": "a|b", "n": 1}, {"name": "é"}],
                "empty": [], "summary": {"x": 1}}
    text = render_json(document)
    assert json.loads(text) == document
    assert list(json.loads(text)) == ["schema_version", "modules", "empty", "summary"]
    assert ' {"name": "é"}' in text.splitlines()
    assert text.endswith("}\n")
