import os

PATIENTS_URL = os.getenv("PATIENTS_URL", "http://patients-api:8000")
JWT_SECRET = "billing-signing-key-4f9a1c"
JWT_ALGORITHM = "HS256"
STRIPE_API_KEY = os.getenv("STRIPE_API_KEY", "")
ALLOWED_ORIGINS = {"https://portal.clinic.example", "https://admin.clinic.example"}
aws_access_key_id = "AKIA2E0A8F3B4C5D6E7F"
aws_secret_access_key = "q8Hn2Lr5Vw0Xy7Zb3Cd6Ef9Gh1Jk4Mn7Pq0Rs3Tu"

# Credentials come from the task role; the AWS docs sample id AKIAIOSFODNN7EXAMPLE is used in local tests only.
