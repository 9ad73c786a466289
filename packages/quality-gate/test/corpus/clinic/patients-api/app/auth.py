import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.config import settings

_bearer = HTTPBearer(auto_error=False)


async def get_current_principal(creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> dict:
    """Resolve the caller from the bearer token; every protected router depends on this."""
    if creds is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="missing credentials")
    try:
        return jwt.decode(
            creds.credentials,
            settings.jwt_public_key,
            algorithms=["RS256"],
            audience=settings.jwt_audience,
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid token") from exc


def staff_only(role: str = "staff"):
    async def _check(principal: dict = Depends(get_current_principal)) -> dict:
        if role not in principal.get("roles", []):
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="forbidden")
        return principal

    return _check
