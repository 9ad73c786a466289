import json
import logging

from redis.asyncio import Redis

from app.config import settings

logger = logging.getLogger("patients.events")

PATIENT_REGISTERED = "patient.registered"
PATIENT_UPDATED = "patient.updated"
PATIENT_DISCHARGED = "patient.discharged"

_redis = Redis.from_url(settings.redis_url)


async def publish(event: str, payload: dict) -> None:
    try:
        await _redis.publish(event, json.dumps(payload))
    except OSError:
        logger.exception("could not publish %s", event)


async def patient_registered(patient_id: str, clinic_id: str) -> None:
    await publish(PATIENT_REGISTERED, {"patient_id": patient_id, "clinic_id": clinic_id})


async def patient_updated(patient_id: str, fields: list[str]) -> None:
    await publish(PATIENT_UPDATED, {"patient_id": patient_id, "fields": fields})


async def patient_discharged(patient_id: str) -> None:
    await publish(PATIENT_DISCHARGED, {"patient_id": patient_id})
