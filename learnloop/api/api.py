"""The JSON API at /api/v1: personal tokens, the same access functions as the pages."""

from ninja import NinjaAPI

api = NinjaAPI(title="Learnloop API", version="1", urls_namespace="api-v1")
