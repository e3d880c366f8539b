from __future__ import annotations

from streamflix.models.base import Model


class Title(Model):
    __tablename__ = "titles"
    __columns__ = ("id", "slug", "name", "kind", "genre", "year", "rating", "maturity",
                   "premium", "description", "created_at")

    KINDS = ("movie", "series")

    @classmethod
    def by_slug(cls, slug: str) -> "Title | None":
        return cls.first(slug=slug)

    @property
    def is_premium(self) -> bool:
        return bool(self.premium)

    @property
    def is_series(self) -> bool:
        return self.kind == "series"

    def episodes(self) -> list["Episode"]:
        return sorted(Episode.filter(title_id=self.id), key=lambda e: (e.season, e.number))

    def to_dict(self, exclude: tuple[str, ...] = ()) -> dict:
        data = super().to_dict(exclude)
        if "premium" in data:
            data["premium"] = self.is_premium
        return data


class Episode(Model):
    __tablename__ = "episodes"
    __columns__ = ("id", "title_id", "season", "number", "name", "duration_s")

    @property
    def code(self) -> str:
        return f"S{self.season:02d}E{self.number:02d}"
