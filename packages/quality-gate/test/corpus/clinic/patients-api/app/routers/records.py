from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from app.auth import get_current_principal
from app.db import get_db

router = APIRouter(prefix="/records", tags=["records"])


@router.get("/{patient_id}")
def read_records(patient_id: str, principal: dict = Depends(get_current_principal), db: Session = Depends(get_db)):
    return db.execute("SELECT * FROM records WHERE patient_id = :p", {"p": patient_id}).all()


@router.get("/{patient_id}/export")
def export_records(patient_id: str, db: Session = Depends(get_db)):
    rows = db.execute("SELECT * FROM records WHERE patient_id = :p", {"p": patient_id}).all()
    return StreamingResponse((f"{r.id},{r.kind},{r.note}\n" for r in rows), media_type="text/csv")
