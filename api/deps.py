"""What the routes depend on, as ``Annotated`` aliases: settings, store, base IRI, write access."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.settings import Settings
from kg.store import HadathStore


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> HadathStore:
    """The app's store (opened once, when the app was made)."""
    store: HadathStore = request.app.state.store
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[HadathStore, Depends(get_store)]


def public_base(request: Request, settings: SettingsDep) -> str:
    """The server's public address, ending in ``/``: the ``base_iri`` setting, else as reached."""
    return settings.base_iri or str(request.base_url)


PublicBase = Annotated[str, Depends(public_base)]


def check_bearer(authorization: str | None, token: str | None) -> None:
    """Raise 403 when writes are disabled, 401 unless ``authorization`` carries the token."""
    if token is None:
        raise HTTPException(403, "writes are disabled: the server was started without HADATH_UPDATE_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(
            401,
            "this operation needs 'Authorization: Bearer <token>' with the server's update token",
            headers={"WWW-Authenticate": 'Bearer realm="hadath"'},
        )


def require_writer(request: Request, settings: SettingsDep) -> None:
    """Let the request through only if it carries the update token."""
    check_bearer(request.headers.get("authorization"), settings.token)


WriteAccess = Annotated[None, Depends(require_writer)]
