from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.events import broker
from app.routers import ops, shipments

app = FastAPI(title="shipments")
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])
app.include_router(shipments.router)
app.include_router(ops.router)


@app.on_event("startup")
async def start_broker() -> None:
    await broker.start()


@app.get("/health")
def health():
    return {"status": "up"}
