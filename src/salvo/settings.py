"""Runtime settings, read from the environment (``SALVO_*``) through pydantic-settings."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALVO_", extra="ignore")

    database_url: str = "sqlite:///salvo.db"
    api_token: str | None = None
    user_agent: str = "Salvo/0.1 (+https://github.com/salvo-incidents/salvo; incident research crawler)"
    gazetteer_extra: str | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()
