from typing import Annotated

import jwt
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token")


class User(dict):
    pass


async def resolve_user(token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    try:
        return User(jwt.decode(token, options={"require": ["sub"]}, key=open("/run/keys/pub.pem").read(), algorithms=["ES256"]))
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="not authenticated")


CurrentUser = Annotated[User, Depends(resolve_user)]
