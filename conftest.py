# Shared fixtures for tests/ and miniprogram_contract/tests/.
pytest_plugins = ["tests.support.services", "tests.support.app", "tests.support.wechat",
                  "tests.support.consent", "tests.support.image_records", "tests.support.browser",
                  "tests.support.declared_reasons", "tests.support.outage"]
