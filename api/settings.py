"""The server's settings: one pydantic-settings class, read from ``HADATH_*`` variables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

EXAMPLE_QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"


class Settings(BaseSettings):
    """Everything ``kg serve`` can be told; each field is also ``HADATH_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="HADATH_", extra="ignore")

    store: Path = Field(default=Path("hadath-data"), description="the Oxigraph store folder (HADATH_STORE)")
    update_token: SecretStr | None = Field(
        default=None,
        description="bearer token for SPARQL update, graph-store writes and ingestion; unset: read-only",
    )
    base_iri: str | None = Field(
        default=None,
        description="public address of the server, ending in '/'; None: the address it is reached at",
    )
    query_timeout: float = Field(
        default=30.0, gt=0, description="seconds a query may run before it is answered 503"
    )
    max_results: int = Field(default=100_000, gt=0, description="rows (or triples) a query may return")
    query_workers: int = Field(default=4, gt=0, description="queries evaluated at the same time")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="origins allowed by CORS ('*' for any); comma-separated in the env"
    )
    access_log: bool = Field(
        default=True, description="log one line per request to the 'hadath.access' logger"
    )
    examples_dir: Path = Field(
        default=EXAMPLE_QUERIES, description="folder of *.rq queries shown on the query page"
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("base_iri")
    @classmethod
    def _slash_terminated(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"base_iri must be an http(s) address, not {value!r}")
        return value if value.endswith("/") else value + "/"

    @property
    def token(self) -> str | None:
        """The update token in clear, or None when writes are disabled."""
        if self.update_token is None or not self.update_token.get_secret_value():
            return None
        return self.update_token.get_secret_value()
