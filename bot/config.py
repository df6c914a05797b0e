"""Typed settings from ``MAATJE_*`` environment variables and an optional TOML file.

Defaults make ``maatje chat`` work on a fresh machine with nothing set: a SQLite file in
``./data`` and the content bundled in the package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_core import PydanticUndefined
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from content.zone import DEFAULT_TIMEZONE, zone_named

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from storage.db import Timeouts

CONFIG_FILE_ENV = "MAATJE_CONFIG"
DEFAULT_CONFIG_FILE = Path("maatje.toml")


class Settings(BaseSettings):
    """Everything Maatje can be configured with; each field maps to ``MAATJE_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="MAATJE_", extra="ignore")

    telegram_token: str | None = Field(
        default=None, description="The bot token from @BotFather; keep it secret.")
    telegram_base_url: str | None = Field(
        default=None, description="Bot API server (only for tests against an emulator)."
    )
    telegram_username: str | None = Field(
        default=None, description="The bot's username (for QR codes); asked from Telegram if unset."
    )
    webhook_secret: str | None = Field(
        default=None, description="Secret Telegram sends with every webhook request."
    )
    web_secret: str | None = Field(
        default=None, description="Key that signs the web chat's cookie (`maatje web`); unset: "
        "one is made once and kept in the data folder (`web-secret`). Changed: every web "
        "visitor starts as a new person.")
    web_origin: str | None = Field(
        default=None, description="The web chat's public address, e.g. `https://maatje.example.org` "
        "(behind a reverse proxy): its WebSocket accepts only pages from there. Unset: only pages "
        "from the address the request came to.")
    web_url: str | None = Field(
        default=None, description="The web chat's address in links and QR codes (`maatje qr "
        "TOPIC --web` makes `<address>/?start=TOPIC`), e.g. `https://maatje.example.org`. Unset: "
        "`MAATJE_WEB_ORIGIN`.")
    web_trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Addresses of the reverse proxies in front of the web "
        "chat, comma separated (`127.0.0.1`, `10.0.0.0/8`): only from them is `X-Forwarded-For` "
        "believed for the visitor's address. Unset: the connection's own address counts.")
    web_address_burst: int = Field(
        default=120, ge=1, description="Page loads, connections and messages the web chat takes "
        "at once from one address (a school's wifi is one address for a whole class), besides "
        "the per-person flood control.")
    web_address_window_seconds: float = Field(
        default=60.0, gt=0, description="Time in which that allowance per address refills.")
    data_dir: Path = Field(
        default=Path("data"), description="Folder for the SQLite file and caches (the trained "
        "understanding model, in `cache/`).")
    database_url: str | None = Field(
        default=None, description="The database, e.g. `postgresql://maatje:secret@db:5432/maatje`; "
        "unset: SQLite in the data folder."
    )
    content_dir: Path | None = Field(
        default=None, description="The organisation's content folder (a copy of `content/data`); "
        "unset: the examples bundled with Maatje.")
    model_cache_dir: Path | None = Field(
        default=None, description="A folder of models trained ahead (the Docker image's "
        "`/opt/maatje/cache`), copied into the data folder's cache when it has none.")
    staff_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Telegram user ids of youth workers, comma separated: "
        "each is made an active staff member at every start (no invite needed), named "
        "`Jeugdwerker <id>` if new; someone removed with `maatje staff remove` but still listed "
        "here is staff again at the next start."
    )
    confidence_threshold: float = Field(
        default=0.35, ge=0.0, le=1.0,
        description="Below this Maatje asks \"Bedoel je…?\" instead of guessing.")
    topic_memory_minutes: float = Field(
        default=15.0, ge=0, description="How long after the last message about a topic a short "
        "follow-up (\"hoeveel kost het\") is still answered about it.",
    )
    encoder_threads: int = Field(
        default=1, ge=1, le=16,
        description="Threads of the sentence model. 1 beside other processes on few cores; "
        "2 embeds about twice as fast on a machine of its own (CI's cross-validation).",
    )
    staff_invite_hours: float = Field(
        default=48.0, gt=0, description="How long a staff invite link works."
    )
    lead_reminder_hours: float = Field(
        default=24.0, gt=0, description="Remind staff once of a lead nobody took after this time."
    )
    camp_reminder_days: int = Field(
        default=7, ge=0, description="Days before the medical form's deadline to remind pupils."
    )
    broadcast_rate: float = Field(
        default=28.0, gt=0,
        description="Messages per second the outbox sends at most, for the whole deployment "
        "(Telegram allows about 30).",
    )
    broadcast_chat_interval: float = Field(
        default=1.0, ge=1.0, description="Seconds between two messages to the same chat."
    )
    broadcast_max_attempts: int = Field(
        default=5, ge=1, description="Tries for a message that keeps failing (not 429, not 403)."
    )
    timezone: str = Field(
        default=DEFAULT_TIMEZONE, description="Time zone of every date and time Maatje shows, "
        "and of the times written in the content files."
    )
    voice: bool = Field(
        default=True, description="Listen to voice notes (Dutch, offline, with a \"did I hear you "
        "right?\" check). Needs `maatje[voice]` (scripts/setup installs it); without it, or set to "
        "false, voice notes get \"Ik kan nog niet luisteren\".",
    )
    backups_confirmed: bool = Field(
        default=False, description="Set to true once the database is backed up every day and a "
        "restore was tried: maatje doctor (and every start) warns until then.",
    )
    flood_burst: int = Field(default=20, ge=1, description="Messages a person may send at once.")
    flood_window_seconds: float = Field(
        default=60.0, gt=0, description="Time in which that allowance refills."
    )
    jobs_check_seconds: float = Field(
        default=3600.0, gt=0, description="How often the leading process asks whether a daily job is due."
    )
    retention_followed_up_leads_days: int = Field(
        default=180, ge=1, description="Days a lead is kept once a youth worker followed it up.")
    retention_unanswered_questions_days: int = Field(
        default=30, ge=1, description="Days a question passed on to staff is kept unanswered.")
    retention_inactive_users_days: int = Field(
        default=365, ge=1, description="Days after their last message that a person is forgotten.")
    retention_safeguarding_days: int = Field(
        default=90, ge=1, description="Days a closed safeguarding case is kept."
    )
    retention_forms_days: int = Field(
        default=30, ge=1, description="Days after the camp ends that a digital medical form is "
        "erased.")
    forms_key: str | None = Field(
        default=None, description="Key of the digital medical form's answers (`maatje forms "
        "new-key`); several, comma separated, while rotating (the first encrypts). Unset: the "
        "digital form is off, paper forms still work. Back it up apart from the database: "
        "lost, no form can be read.")
    form_by_pupil_from_age: int | None = Field(
        default=None, ge=13, le=18, description="From this age (13 to 18, e.g. 16) a pupil may "
        "fill in her own digital medical form: `/fiche` asks her once \"Ben je 16 jaar of "
        "ouder?\" and only that band is kept. Unset: only a parent fills it in.")
    safeguarding_realert_minutes: float = Field(
        default=15.0, gt=0, description="Alert every youth worker again when nobody took a "
        "pupil's call for help within this time.",
    )
    safeguarding_alerts: int = Field(
        default=3, ge=0, description="How many times staff are alerted again at most."
    )
    safeguarding_hours: str | None = Field(
        default=None, description="When youth workers read alerts, e.g. 'ma-vr 09:00-17:00'. "
        "Outside them a pupil is told when someone will read it. Unset: no promise is made.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        default=None, description="Log level; INFO for `maatje run` (daily job counts, fallbacks "
        "without personal data), WARNING for the other commands.",
    )
    flood_pause_seconds: float = Field(
        default=60.0, ge=0, description="How long a flooding person is ignored after the warning."
    )
    concurrent_updates: int = Field(
        default=8, ge=1, le=64,
        description="Updates handled at once (each chat's still in order), so one chat waiting "
        "on the database never keeps the others waiting.",
    )
    db_connect_timeout_seconds: float = Field(
        default=5.0, gt=0, description="How long to wait for PostgreSQL to accept a connection."
    )
    db_lock_timeout_seconds: float = Field(
        default=3.0, gt=0, description="How long a message waits for a row another session locked."
    )
    db_statement_timeout_seconds: float = Field(
        default=10.0, gt=0,
        description="How long one statement may take; also how long sent data may go "
        "unacknowledged (tcp_user_timeout) before the connection counts as gone.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """A zone the reminders can be computed in, checked at start, not at the first reminder."""
        zone_named(value)
        return value

    @field_validator("web_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """An address a phone can open, checked at start rather than on a printed letter."""
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError(f"{value!r} is not a web address like https://maatje.example.org")
        return value.rstrip("/")

    @field_validator("web_trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: Any) -> Any:
        return [part.strip() for part in value.split(",") if part.strip()] if isinstance(
            value, str) else value

    @field_validator("web_trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: list[str]) -> list[str]:
        """Addresses or networks, checked at start: a typo would trust nobody, or everybody."""
        from bot.web.addresses import proxy_networks

        proxy_networks(value)  # ValueError naming the entry
        return value

    @field_validator("safeguarding_hours")
    @classmethod
    def _readable_hours(cls, value: str | None) -> str | None:
        """Hours that parse, checked at start rather than when a pupil asks for help."""
        from bot.core.hours import WorkingHours

        if value:
            WorkingHours.parse(value)  # ValueError saying what is wrong
        return value

    @field_validator("staff_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("Telegram ids are numbers, comma separated, e.g. 12345,67890")
            return [int(part) for part in parts]
        if isinstance(value, int):
            return [value]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get(CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if config_file.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    def database_timeouts(self) -> Timeouts:
        """The PostgreSQL time limits, as the storage layer takes them."""
        from storage.db import Timeouts

        return Timeouts(self.db_connect_timeout_seconds, self.db_lock_timeout_seconds,
                        self.db_statement_timeout_seconds)

    @property
    def zone(self) -> ZoneInfo:
        """``timezone`` as a zone: the one every date and time is read and shown in."""
        return zone_named(self.timezone)

    def resolved_database_url(self) -> str:
        """The database to use: the configured URL, or SQLite inside the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'maatje.sqlite3').resolve()}"


def settings_table() -> str:
    """Every setting as a Markdown table row, for the README (a test keeps them equal)."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = "–" if field.default in (None, PydanticUndefined) or field.default_factory else (
            f"`{_plain(field.default)}`")
        meaning = (field.description or "").replace("|", "\\|")
        rows.append(f"| `MAATJE_{name.upper()}` | {default} | {meaning} |")
    return "\n".join(rows)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


if __name__ == "__main__":  # python -m bot.config: the table for README.md
    print(settings_table())
