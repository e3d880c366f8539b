from __future__ import annotations

from streamflix.models.base import Model


class User(Model):
    __tablename__ = "users"
    __columns__ = ("id", "email", "password_hash", "display_name", "country", "is_admin", "created_at")
    __hidden__ = ("password_hash",)

    @classmethod
    def by_email(cls, email: str) -> "User | None":
        return cls.first(email=email.strip().lower())

    @property
    def admin(self) -> bool:
        return bool(self.is_admin)

    def public_dict(self) -> dict:
        data = self.to_dict()
        data["is_admin"] = self.admin
        return data
