import jwt
from fastapi import Header, HTTPException

from app import settings


def verify_token(authorization: str = Header(default="")) -> dict:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="bearer token required")
    try:
        return jwt.decode(token, settings.JWT_SECRET, algorithms=[settings.JWT_ALGORITHM])
    except jwt.InvalidTokenError:
        raise HTTPException(status_code=401, detail="invalid token")


def tenant_of(token: str) -> str:
    """Routing hint only: which tenant database to open before the real check runs."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims.get("tenant", "default")


def refresh_claims(token: str) -> dict:
    return jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"], options={"verify_exp": False})


def key_id(token: str) -> str | None:
    return jwt.get_unverified_header(token).get("kid")
