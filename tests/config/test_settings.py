from pathlib import Path

import pytest

from config.settings import DEV_SECRET, Settings, SettingsError


def test_defaults_are_safe_for_development(tmp_path):
    settings = Settings.from_env({"INSTANCE_PATH": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'lti_tool.db'}"
    assert settings.environment == "development"
    assert not settings.demo_mode
    assert settings.base_url == "http://127.0.0.1:5000"


def test_values_are_parsed_explicitly():
    settings = Settings.from_env(
        {
            "DEMO_MODE": "yes",
            "PROXY_COUNT": "2",
            "BASE_URL": "https://tool.example.org/",
            "KEY_ENCRYPTION_KEYS": "a, b ,",
        }
    )
    assert settings.demo_mode is True
    assert settings.proxy_count == 2
    assert settings.base_url == "https://tool.example.org"
    assert settings.key_encryption_keys == ("a", "b")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEMO_MODE": "maybe"}, "DEMO_MODE"),
        ({"PROXY_COUNT": "two"}, "PROXY_COUNT"),
        ({"PROXY_COUNT": "-1"}, "PROXY_COUNT"),
        ({"BASE_URL": "ftp://x"}, "BASE_URL"),
        ({"APP_ENV": "staging"}, "APP_ENV"),
    ],
)
def test_an_unusable_value_is_refused_with_its_name(env, named):
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_postgresql_urls_use_the_installed_driver():
    for spelled in ("postgresql://db.example/tool", "postgres://db.example/tool"):
        settings = Settings.from_env({"DATABASE_URL": spelled})
        assert settings.database_url == "postgresql+psycopg://db.example/tool"


def test_production_refuses_development_secrets():
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env({"APP_ENV": "production", "SECRET_KEY": DEV_SECRET})
    with pytest.raises(SettingsError, match="KEY_ENCRYPTION_KEYS"):
        Settings.from_env({"APP_ENV": "production", "SECRET_KEY": "x" * 40})
    with pytest.raises(SettingsError, match="DEMO_MODE"):
        Settings.from_env(
            {
                "APP_ENV": "production",
                "SECRET_KEY": "x" * 40,
                "KEY_ENCRYPTION_KEYS": "k",
                "DEMO_MODE": "1",
            }
        )


def test_test_settings_use_their_own_folder(tmp_path: Path):
    settings = Settings.for_tests(tmp_path)
    assert str(tmp_path) in settings.database_url
    assert settings.with_changes(demo_mode=False).demo_mode is False
