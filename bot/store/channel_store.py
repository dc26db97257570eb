"""Channel ids learnt from Slack, by the name a configuration gives (`#veille` → `C0…`)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from veille.store.schema import Domain, channels


class ChannelStore(Domain):
    def channel_id(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(channels.c.channel_id).where(channels.c.name == name))

    def remember_channel(self, name: str, channel_id: str) -> None:
        if name == channel_id:
            return
        with self.engine.begin() as conn:
            done = conn.execute(update(channels).where(channels.c.name == name).values(channel_id=channel_id))
            if done.rowcount:
                return
        try:
            with self.engine.begin() as conn:
                conn.execute(channels.insert().values(name=name, channel_id=channel_id))
        except IntegrityError:
            pass
