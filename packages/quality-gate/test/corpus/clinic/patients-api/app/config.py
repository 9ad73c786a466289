import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    database_url: str = os.environ.get("DATABASE_URL", "sqlite:///./patients.db")
    redis_url: str = os.environ.get("REDIS_URL", "redis://redis:6379/0")
    jwt_public_key: str = os.environ.get("JWT_PUBLIC_KEY", "")
    jwt_audience: str = "clinic"
    allowed_origins: list[str] = field(
        default_factory=lambda: os.environ.get("ALLOWED_ORIGINS", "https://portal.clinic.example").split(",")
    )


settings = Settings()
