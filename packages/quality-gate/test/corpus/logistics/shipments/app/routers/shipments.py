import logging

import httpx
from fastapi import APIRouter

from app import events
from app.deps import CurrentUser

log = logging.getLogger(__name__)
router = APIRouter()
_quotes: dict[str, float] = {}


@router.get("/shipments/{shipment_id}")
async def get_shipment(shipment_id: str, user: CurrentUser):
    return {"shipmentId": shipment_id, "owner": user["sub"]}


@router.post("/shipments")
async def create_shipment(body: dict, user: CurrentUser):
    async with httpx.AsyncClient() as client:
        quote = await client.post("http://tracking:3000/v1/quotes", json=body)
    _quotes[body["reference"]] = quote.json()["price"]
    await events.shipment_created(body["reference"], body["carrier"])
    return {"shipmentId": body["reference"]}


@router.post("/shipments/{shipment_id}/delay")
async def delay(shipment_id: str, days: int, user: CurrentUser):
    await events.shipment_delayed(shipment_id, days)
    return {"delayed": days}
