"""Issue 10 (helper `argilla`): an application layered by kind whose API layer is split by
kind and version (`api/handlers/v1/<domain>`, `api/schemas/v1/<domain>`,
`api/policies/v1/<domain>_policy`) beside `validators/<domain>`, `models/` and `jobs/`.
With two layer packages by name (`api/`, `models/`) it was not read as layered, so each
layer stayed one unit and the clustering cut the application by layer. A layer-named
package that repeats the domains found below the API's layer packages is a layer too
(`seams.nested_layers`), and a package of `<domain>_<its name>` modules is a layer whose
modules belong to their domains (`seams.role_packages`)."""

from __future__ import annotations

from strangler.seams.nested_layers import nested_domains, nested_mirrors
from strangler.seams.role_packages import role_packages, without_role
from strangler.seams.words import domain_units

DOMAINS = ("notes", "prompts", "tags", "users", "files")


def _layered(top: str = "app", validated: tuple[str, ...] = DOMAINS) -> list[str]:
    names = [top, f"{top}.settings", f"{top}.api", f"{top}.api.routes", f"{top}.models",
             f"{top}.models.database", f"{top}.models.base", f"{top}.validators",
             f"{top}.jobs", f"{top}.jobs.queues", f"{top}.utils", f"{top}.contexts",
             f"{top}.search_engine", f"{top}.search_engine.base"]
    for kind in ("handlers", "schemas", "policies"):
        names += [f"{top}.api.{kind}", f"{top}.api.{kind}.v1",
                  f"{top}.api.{kind}.v1.commons"]
    for domain in DOMAINS:
        one = domain.rstrip("s")
        names += [f"{top}.api.handlers.v1.{domain}", f"{top}.api.schemas.v1.{domain}",
                  f"{top}.api.policies.v1.{one}_policy", f"{top}.contexts.{domain}"]
    names += [f"{top}.validators.{domain}" for domain in validated]
    names += [f"{top}.jobs.{d.rstrip('s')}_jobs" for d in DOMAINS[:3]]
    return names


def test_the_domains_of_a_layer_package_are_read_past_its_layer_packages() -> None:
    from strangler.seams.layer_apps import child_names

    kids = child_names(_layered())
    # `api/` holds `handlers/`, `schemas/`, `policies/`: no domain among its children
    assert {"note", "prompt", "tag", "user", "file"} <= nested_domains(kids, "app.api")
    assert "handler" not in nested_domains(kids, "app.api")


def test_a_layer_named_package_mirroring_the_nested_domains_is_a_layer() -> None:
    assert nested_mirrors(_layered()) == frozenset({"app.validators"})
    # three domains in common are not enough (`mirror_layers.SHARED_MIN`)
    assert nested_mirrors(_layered(validated=DOMAINS[:3])) == frozenset()


def test_a_package_of_domain_role_modules_is_a_role_layer() -> None:
    assert role_packages(_layered()) == frozenset({"policies", "jobs"})
    assert without_role("note_policy", frozenset({"policies"})) == "note"
    assert without_role("webhook_jobs", frozenset({"jobs"})) == "webhook"
    assert without_role("policy", frozenset({"policies"})) == "policy"
    assert without_role("note_policy", frozenset()) == "note_policy"


def test_each_domain_is_one_unit_across_the_layers() -> None:
    units = domain_units(_layered())
    for domain in DOMAINS:
        one = domain.rstrip("s")
        # without the rules every handler is unit `app.api`, every validator
        # `app.validators`, and every policy module `word:policy`
        assert {units[f"app.api.handlers.v1.{domain}"], units[f"app.api.schemas.v1.{domain}"],
                units[f"app.api.policies.v1.{one}_policy"],
                units[f"app.validators.{domain}"]} == {f"word:{one}"}
    assert units["app.jobs.note_jobs"] == "word:note"


def test_without_the_mirroring_validators_the_layers_stay_units() -> None:
    units = domain_units(_layered(validated=DOMAINS[:3]))
    assert units["app.api.handlers.v1.notes"] == "app.api"
    assert units["app.validators.notes"] == "app.validators"


def test_backends_named_after_their_package_are_no_role_layer() -> None:
    # `stores/file_store`, `stores/queue_store`: kinds the application names nowhere else
    names = _layered() + ["app.stores", "app.stores.file_store", "app.stores.queue_store",
                          "app.stores.config_store", "app.stores.publisher_store"]
    assert "stores" not in role_packages(names)


def test_a_role_suffix_is_read_off_only_inside_its_package() -> None:
    names = _layered() + ["app.views", "app.views.smart_policy_views"]
    assert "policies" in role_packages(names)
    # (`views/smart_policy_views` is not in `policies/`: its word keeps `policy`)
    assert domain_units(names)["app.views.smart_policy_views"] == "word:smart_policy"
