import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

logger = logging.getLogger("notifier.bus")

Handler = Callable[[dict], Awaitable[None]]
_handlers: dict[str, list[Handler]] = {}


def on(event: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _handlers.setdefault(event, []).append(fn)
        return fn

    return register


async def run(redis: Redis) -> None:
    pubsub = redis.pubsub()
    await pubsub.subscribe(*_handlers)
    async for message in pubsub.listen():
        if message["type"] != "message":
            continue
        event = message["channel"].decode()
        for handler in _handlers.get(event, []):
            try:
                await handler(json.loads(message["data"]))
            except Exception:
                logger.exception("handler for %s failed", event)
