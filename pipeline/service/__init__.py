"""`bulletin serve`: the extractor as an HTTP service (FastAPI + uvicorn, the `[serve]` extra).

`app.create_app` builds the ASGI app around one pipeline, built once; `POST /extract` runs
the same batch code as `bulletin extract` on the posted file, so it answers the same records.
"""
