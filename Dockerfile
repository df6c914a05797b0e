FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MAATJE_DATA_DIR=/data

RUN useradd --create-home --uid 10001 maatje \
    && mkdir -p /data && chown maatje:maatje /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY intents ./intents
COPY content ./content
COPY storage ./storage
RUN pip install --no-cache-dir .

USER maatje
VOLUME ["/data"]
CMD ["maatje", "run"]
