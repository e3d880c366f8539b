"""Model classes, re-exported so callers can ``from streamflix.models import User``."""
from streamflix.models.base import Model
from streamflix.models.billing import Invoice, Payment, Subscription
from streamflix.models.content import Episode, Title
from streamflix.models.user import User

__all__ = ["Model", "User", "Title", "Episode", "Subscription", "Payment", "Invoice"]
