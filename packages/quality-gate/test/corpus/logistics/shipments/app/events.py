from faststream.rabbit import RabbitBroker

broker = RabbitBroker("amqp://guest:guest@rabbitmq:5672/")


async def shipment_created(shipment_id: str, carrier: str) -> None:
    await broker.publish({"shipmentId": shipment_id, "carrier": carrier}, "shipment.created")


async def shipment_delayed(shipment_id: str, days: int) -> None:
    await broker.publish({"shipmentId": shipment_id, "days": days}, routing_key="shipment.delayed")
