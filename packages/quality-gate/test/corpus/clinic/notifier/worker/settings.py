import os

SMTP_HOST = os.getenv("SMTP_HOST", "smtp.clinic.example")
SMTP_USER = "notifier"
SMTP_PASSWORD = "Wint3r-Clinic-Mail!"
PASSWORD_RESET_TTL_SECONDS = 3600
SMS_API_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SMS_ENDPOINT = os.getenv("SMS_ENDPOINT", "https://sms.example.net/v2/messages")
