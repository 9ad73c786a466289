from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.auth import staff_only
from app.db import get_db

router = APIRouter(prefix="/staff", dependencies=[Depends(staff_only("admin"))])


@router.get("/audit")
def audit_trail(limit: int = 100, db: Session = Depends(get_db)):
    return db.execute("SELECT * FROM audit ORDER BY at DESC LIMIT :l", {"l": limit}).all()


@router.delete("/patients/{patient_id}")
def purge_patient(patient_id: str, db: Session = Depends(get_db)):
    db.execute("DELETE FROM patients WHERE id = :id", {"id": patient_id})
    db.commit()
    return {"purged": patient_id}
