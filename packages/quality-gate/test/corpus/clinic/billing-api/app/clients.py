import httpx

from app import settings


async def fetch_patient(patient_id: str) -> dict:
    async with httpx.AsyncClient(timeout=5.0) as client:
        response = await client.get(f"{settings.PATIENTS_URL}/patients/{patient_id}")
        response.raise_for_status()
        return response.json()
