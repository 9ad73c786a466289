import logging
import uuid

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app import events
from app.db import get_db

logger = logging.getLogger("patients")

router = APIRouter(tags=["patients"])


class PatientIn(BaseModel):
    full_name: str
    date_of_birth: str
    clinic_id: str


class PatientPatch(BaseModel):
    full_name: str | None = None
    clinic_id: str | None = None


@router.get("")
def list_patients(clinic_id: str, db: Session = Depends(get_db)):
    return db.execute("SELECT id, full_name FROM patients WHERE clinic_id = :c", {"c": clinic_id}).all()


@router.post("", status_code=201)
async def register_patient(body: PatientIn, db: Session = Depends(get_db)):
    patient_id = str(uuid.uuid4())
    db.execute("INSERT INTO patients VALUES (:id, :n, :d, :c)", {"id": patient_id, "n": body.full_name, "d": body.date_of_birth, "c": body.clinic_id})
    db.commit()
    await events.patient_registered(patient_id, body.clinic_id)
    logger.info("registered patient %s at clinic %s", patient_id, body.clinic_id)
    return {"patient_id": patient_id}


@router.get("/{patient_id}")
def get_patient(patient_id: str, db: Session = Depends(get_db)):
    row = db.execute("SELECT * FROM patients WHERE id = :id", {"id": patient_id}).first()
    if row is None:
        raise HTTPException(status_code=404, detail="not found")
    return row


@router.patch("/{patient_id}")
async def update_patient(patient_id: str, body: PatientPatch, db: Session = Depends(get_db)):
    changed = body.model_dump(exclude_none=True)
    db.execute("UPDATE patients SET full_name = coalesce(:n, full_name) WHERE id = :id", {"n": changed.get("full_name"), "id": patient_id})
    db.commit()
    await events.patient_updated(patient_id, sorted(changed))
    return {"patient_id": patient_id, "updated": sorted(changed)}


@router.post("/{patient_id}/discharge")
async def discharge(patient_id: str, db: Session = Depends(get_db)):
    db.execute("UPDATE patients SET discharged = 1 WHERE id = :id", {"id": patient_id})
    db.commit()
    await events.patient_discharged(patient_id)
    return {"patient_id": patient_id, "discharged": True}
