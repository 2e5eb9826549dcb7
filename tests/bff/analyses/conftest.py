from tests.bff.images.conftest import new_client, shop  # noqa: F401  (the same store fixture)
