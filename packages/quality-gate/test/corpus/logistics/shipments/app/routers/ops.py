import requests
from fastapi import APIRouter

router = APIRouter(prefix="/ops")


@router.post("/shipments/{shipment_id}/override")
def override_status(shipment_id: str, status: str):
    requests.post("http://tracking:3000/v1/events", json={"shipmentId": shipment_id, "status": status}, timeout=5)
    print("override", shipment_id, status)
    return {"ok": True}


@router.get("/ping")
def ping():
    return "pong"
