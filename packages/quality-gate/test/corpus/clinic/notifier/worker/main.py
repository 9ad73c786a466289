import asyncio
import logging
import os

from redis.asyncio import Redis
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

from worker import bus

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger("notifier")

SENDGRID_KEY = "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"
mailer = SendGridAPIClient(SENDGRID_KEY)

sent_today = []
_cache_lock = asyncio.Lock()
_welcome_cache: dict[str, str] = {}


@bus.on("patient.registered")
async def send_welcome(payload: dict) -> None:
    async with _cache_lock:
        _welcome_cache[payload["patient_id"]] = payload["clinic_id"]
    mailer.send(Mail(to_emails=f"{payload['patient_id']}@patients.clinic.example", subject="Welcome"))
    sent_today.append(payload["patient_id"])


@bus.on("patient.updated")
async def record_update(payload: dict) -> None:
    try:
        logger.info("patient %s changed %s", payload["patient_id"], ",".join(payload["fields"]))
    except:
        pass


async def main() -> None:
    redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"))
    await bus.run(redis)


if __name__ == "__main__":
    asyncio.run(main())
