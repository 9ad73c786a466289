import logging

from fastapi import APIRouter, Depends, FastAPI, Request

from app.clients import fetch_patient
from app.receipts import ReceiptPrinter
from app.security import verify_token

logger = logging.getLogger("billing")

app = FastAPI(title="billing-api")
printer = ReceiptPrinter()
invoices: dict[str, dict] = {}


@app.middleware("http")
async def cors_headers(request: Request, call_next):
    response = await call_next(request)
    origin = request.headers.get("origin")
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    return response


router = APIRouter(prefix="/invoices")


@router.get("/{invoice_id}")
def get_invoice(invoice_id: str, claims: dict = Depends(verify_token)):
    return invoices.get(invoice_id) or {}


@router.post("", status_code=201)
async def create_invoice(body: dict, claims: dict = Depends(verify_token)):
    patient = await fetch_patient(body["patientId"])
    invoice_id = f"inv-{len(invoices) + 1}"
    invoices[invoice_id] = {"invoiceId": invoice_id, "patientId": patient["patient_id"], "amountCents": body["amountCents"]}
    logger.info("invoice %s created by %s", invoice_id, claims.get("sub"))
    return invoices[invoice_id]


@router.post("/{invoice_id}/refund")
async def refund_invoice(invoice_id: str, request: Request):
    invoice = invoices.pop(invoice_id, None)
    print(f"refund issued for {invoice_id}")
    logger.debug("refund requested with auth header %s", request.headers.get("authorization"))
    printer.print(invoice)
    return {"refunded": invoice_id}


app.include_router(router)


@app.get("/health")
def health():
    return {"ok": True}
