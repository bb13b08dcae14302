# peerbot's image: the index is built here, at build time, so every container serves the same
# corpus and `peerbot serve` is ready in seconds (README: Deployment). One image for all three
# roles: `peerbot serve` (web, the default), `peerbot schedule` (clock), `peerbot migrate` (release).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 OMP_NUM_THREADS=1 \
    PEERBOT_KNOWLEDGE_DIR=/app/knowledge PEERBOT_DATA_DIR=/app/data PEERBOT_MODEL=all-MiniLM-L6-v2 \
    HOST=0.0.0.0 PORT=3000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY index ./index
# torch from PyTorch's CPU-only index: the default Linux wheel pulls a multi-GB CUDA build
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu . \
    && useradd --create-home --uid 10001 peerbot
COPY knowledge ./knowledge
# the user writes the data folder, and knowledge/lessons/ when a lesson is approved in chat
RUN peerbot index && chown -R peerbot /app/data /app/knowledge

USER peerbot
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
CMD ["peerbot", "serve"]
