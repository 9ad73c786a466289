import logging

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.auth import get_current_principal
from app.config import settings
from app.routers import patients, records, staff

logging.basicConfig(level=logging.INFO)

app = FastAPI(title="patients-api", version="0.4.2")

app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.allowed_origins,
    allow_credentials=True,
    allow_methods=["GET", "POST", "PATCH", "DELETE"],
    allow_headers=["Authorization", "Content-Type"],
)

app.include_router(
    patients.router,
    prefix="/patients",
    dependencies=[Depends(get_current_principal)],
)
app.include_router(staff.router)
app.include_router(records.router)


@app.get("/healthz", include_in_schema=False)
async def healthz() -> dict:
    return {"status": "ok"}
