FROM python:3.11-slim

# /data: the volume with the SQLite file (without PostgreSQL) and the model cache.
# /content: the organisation's content; mount its folder here (compose.yaml does), so
#   editing a file needs no rebuild: Maatje reloads it with the next message.
# /opt/maatje/cache: the model trained while building, outside /data (the volume would hide
#   it); each start copies it into /data/cache when that has none (MAATJE_MODEL_CACHE_DIR).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MAATJE_DATA_DIR=/data \
    MAATJE_CONTENT_DIR=/content \
    MAATJE_MODEL_CACHE_DIR=/opt/maatje/cache

RUN useradd --create-home --uid 10001 maatje \
    && mkdir -p /data /content /opt/maatje && chown maatje:maatje /data

WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
COPY intents ./intents
COPY content ./content
COPY storage ./storage
# Reproducible: every package at the version constraints.txt pins (what CI tested).
# Voice notes (maatje[voice], about +510 MB) only when asked: docker build --build-arg VOICE=1 .
# Without them a voice note gets "Ik kan nog niet luisteren" (the start says why in one line).
ARG VOICE=0
RUN pip install --no-cache-dir --constraint constraints.txt ".$([ "$VOICE" = 1 ] && echo '[voice]')"
# Train once now (about 4 minutes, with a progress bar) so the container answers in a second.
RUN MAATJE_DATA_DIR=/opt/maatje maatje train && chmod -R a+rX /opt/maatje
COPY --chown=maatje:maatje content/data /content

USER maatje
VOLUME ["/data"]
# maatje run --webhook listens on 8443 (put the HTTPS proxy in front); polling needs no port.
# The web chat (maatje web, or maatje run --web) listens on 8080: start it with
# --listen 0.0.0.0 (or --web-listen 0.0.0.0) inside the container, behind the same proxy.
EXPOSE 8443 8080
# maatje run writes a heartbeat every 30 s; stuck or stopped for 2 minutes = unhealthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 CMD ["maatje", "health"]
CMD ["maatje", "run"]
