"""The served OpenAPI document is the committed one, and the typed client follows it."""

import inspect
import json

from miniprogram_contract.client import MirrorClient
from miniprogram_contract.spec import committed_spec, current_spec, operation_ids


def test_the_served_spec_has_not_drifted_from_the_committed_openapi_json():
    served = json.dumps(current_spec(), sort_keys=True, ensure_ascii=False, indent=2)
    committed = json.dumps(committed_spec(), sort_keys=True, ensure_ascii=False, indent=2)
    assert served == committed, "API changed: run `mirror openapi --output miniprogram_contract/openapi.json`"


def test_every_operation_has_a_stable_id_and_a_client_method():
    spec = committed_spec()
    ids = operation_ids(spec)
    methods = {name for name, _ in inspect.getmembers(MirrorClient, inspect.isfunction) if not name.startswith("_")}
    assert ids == methods


def test_every_operation_documents_its_errors_with_reasons():
    spec = committed_spec()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            assert op.get("summary"), f"{method} {path} has no summary"
            if op.get("security"):
                assert "401" in op["responses"], f"{method} {path} does not document 401"
                assert "token_expired" in op["responses"]["401"]["description"]
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    assert "`" in response.get("description", ""), f"{method} {path} {status} lists no reason"


def test_the_error_schema_carries_a_reason():
    schema = committed_spec()["components"]["schemas"]["Error"]
    assert "reason" in schema["required"]
