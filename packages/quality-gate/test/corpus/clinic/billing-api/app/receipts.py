import logging

logger = logging.getLogger("billing.receipts")


class ReceiptPrinter:
    def print(self, invoice: dict | None) -> None:
        if invoice is None:
            return
        logger.info("receipt for %s: %s cents", invoice["invoiceId"], invoice["amountCents"])
