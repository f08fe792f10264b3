from .base import *  # noqa: F403
from .env import env_list, env_str

DEBUG = True
# Dev-only key: production.py refuses to start without a real one.
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],0.0.0.0")
