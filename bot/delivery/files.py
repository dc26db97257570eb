"""Files (summary charts, exports): delivered by their own worker, so a multi-megabyte upload
never holds alerts back.

An upload records the file id Slack gave before completing it; one interrupted after that is
looked for by that id for `confirm_upload_for` (Slack can take a moment to show a shared file),
then completed again with the same id: never a second file. A file that cannot be posted is not
dropped silently: the person who asked for it (an export) or the team's notice channel (a chart)
is told why and what to do.

An upload left "sending" is settled by the replica that claimed it, or taken over by another
once its claim is older than any upload could take (`ABANDONED_AFTER`): its sender died.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from veille.delivery.pace import Clock, Pace
from veille.delivery.poster import DeliveryError, Poster
from veille.delivery.recovery import SETTLE_AFTER, Recovery
from veille.delivery.uploads import UploadEntry, UploadQueue
from veille.i18n import t
from veille.store import Store
from veille.text.mrkdwn import channel_ref, escape, is_channel_id

log = logging.getLogger(__name__)

MAX_UPLOAD_ATTEMPTS = 8
CONFIRM_UPLOAD_FOR = 60.0
CONFIRM_EVERY = 5.0  # seconds between looks for a file: conversations.history allows ~50 a minute
# Three steps of up to 30 s each, their retries, and megabytes sent: a claim this old is a dead one's.
ABANDONED_AFTER = timedelta(minutes=10)


class FileDelivery:
    """The file worker's pass: settle interrupted uploads, then upload what is due."""

    def __init__(
        self,
        store: Store,
        poster: Poster,
        pace: Pace,
        clock: Clock,
        recovery: Recovery,
        *,
        key_of: Callable[[str, str | None], str],
        reached: Callable[[str, str, str], None],
        wake: Callable[[], None],
        confirm_upload_for: float = CONFIRM_UPLOAD_FOR,
    ) -> None:
        self.store = store
        self.poster = poster
        self.pace = pace
        self.clock = clock
        self.recovery = recovery
        self.key_of = key_of
        self.reached = reached
        self.wake = wake
        self.confirm_upload_for = timedelta(seconds=confirm_upload_for)
        self.uploads = UploadQueue(store.engine)
        self._next_look: dict[int, float] = {}  # upload id → when to look for its file again

    def deliver(self, stop: Callable[[], bool]) -> int:
        self.recovery.announce()
        owner = self.recovery.owner
        left = self.recovery.to_settle(
            self.uploads.sending(), lambda u: (u.sending_by, u.sending_at), ABANDONED_AFTER
        )
        done = 0
        for upload in left:
            if stop():
                return done
            if self.uploads.outbox.adopt(upload.upload_id, owner, upload.sending_by):
                done += self._settle_upload(upload)
        for upload in self.uploads.due(self.clock.now()):
            if stop():
                break
            done += self._upload(upload)
        return done

    def _settle_upload(self, upload: UploadEntry) -> int:
        """An upload left "sending" by a crash or a lost answer: post it once, never twice."""
        now = self.clock.now()
        since = upload.sending_at or now
        key = self.key_of(upload.channel, upload.channel_id)
        if now - since < SETTLE_AFTER or self.pace.closed(key):
            return 0
        if self._next_look.get(upload.upload_id, 0.0) > self.clock.monotonic():
            return 0
        if upload.stage != "completing" or not upload.file_id:
            # Slack shows a file only once it is completed: nothing of this one is in a channel.
            self.uploads.mark_retry(
                upload.upload_id, "upload interrupted before completing", now, by=self.recovery.owner
            )
            return 1
        try:
            if self.poster.find_upload(upload, upload.file_id, since):
                self._uploaded(upload, upload.file_id, upload.channel_id or upload.channel)
                log.info("outbox: upload %s was already in Slack; not uploading again", upload.upload_id)
                return 1
            if now - since < self.confirm_upload_for:
                # A completed file can take a moment to show in the channel.
                self._next_look[upload.upload_id] = self.clock.monotonic() + CONFIRM_EVERY
                return 0
            # Not shown after all this time: the completion never reached Slack. Complete the same
            # file again (a file id is one file: this cannot make a second copy).
            channel_id = self.poster.complete_upload(upload, upload.file_id)
        except DeliveryError as error:
            if error.scope == "slack" or error.retry_after is not None:
                # Slack could not say: the file may be there. Look again once it answers.
                self.pace.failed(key, error)
                return 0
            if error.needs_attention:
                return self._failed(upload, error)
            # Most likely the upload expired unused: start over with a new file.
            log.warning(
                "outbox: upload %s could not be completed again (%s); starting over", upload.upload_id, error
            )
            self.uploads.mark_retry(upload.upload_id, str(error), now, by=self.recovery.owner)
            return 1
        self._uploaded(upload, upload.file_id, channel_id)
        return 1

    def _upload(self, upload: UploadEntry) -> int:
        key = self.key_of(upload.channel, upload.channel_id)
        if not self.pace.ready(key):
            return 0
        if not self.uploads.mark_sending(
            upload.upload_id, upload.channel_id, self.clock.now(), by=self.recovery.owner
        ):
            return 0
        try:
            upload_url, file_id = self.poster.reserve_upload(upload)
            if not self.uploads.mark_stage(upload.upload_id, file_id, "reserved", self.clock.now()):
                return 1
            self.poster.send_bytes(upload, upload_url)
            if not self.uploads.mark_stage(upload.upload_id, file_id, "completing", self.clock.now()):
                return 1  # another process settled this upload meanwhile: its file, not this one
            channel_id = self.poster.complete_upload(upload, file_id)
        except DeliveryError as error:
            self.pace.called(key)
            return self._not_uploaded(upload, key, error)
        self._uploaded(upload, file_id, channel_id)
        return 1

    def _not_uploaded(self, upload: UploadEntry, key: str, error: DeliveryError) -> int:
        if error.unknown_outcome:
            self.pace.failed(key, error)
            log.warning("outbox: upload %s: %s; will check before completing again", upload.upload_id, error)
            return 1
        if error.permanent or (
            error.needs_attention and (upload.requester or upload.attempts + 1 >= MAX_UPLOAD_ATTEMPTS)
        ):
            # A file is not an alert: one that cannot be posted is given up and someone told,
            # at once when retrying cannot help or a person is waiting for it.
            return self._failed(upload, error)
        when: datetime | None = None
        if error.scope == "slack" or error.retry_after is not None:
            delay = self.pace.failed(key, error) or 0.0
        else:  # this file's own trouble (a scope files need, say) holds no message back
            delay = self.pace.row_delay(upload.attempts + 1, error)
            when = self.clock.now() + timedelta(seconds=delay)
        log.warning(
            "outbox: upload %s to %s failed (%s); retry in %.0f s", upload.upload_id, key, error, delay
        )
        self.uploads.mark_retry(upload.upload_id, str(error), when, counted=error.retry_after is None)
        return 1

    def _uploaded(self, upload: UploadEntry, file_id: str, channel_id: str) -> None:
        self.reached(self.key_of(upload.channel, upload.channel_id), upload.channel, channel_id)
        self.uploads.mark_posted(upload.upload_id, file_id, self.clock.now())
        log.info("outbox: file %s uploaded to %s (%s)", upload.unique_name, channel_id, file_id)

    def _failed(self, upload: UploadEntry, error: DeliveryError) -> int:
        log.error("outbox: upload %s to %s given up: %s", upload.upload_id, upload.channel, error)
        self.uploads.give_up(upload.upload_id, str(error))
        if upload.tell:
            text = upload_failed_text(upload, error)
            block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
            self.store.queue_notice(f"upload-failed:{upload.upload_id}", upload.tell, text, [block])
            self.wake()
        return 1


def upload_failed_text(upload: UploadEntry, error: DeliveryError) -> str:
    """What went wrong with a file and what to do, for the person who asked or the team."""
    lang = upload.tell_lang
    channel = upload.channel_id or upload.channel
    # A DM or a group DM has no name to show.
    where = (
        channel_ref(channel) if channel.startswith("#") or is_channel_id(channel) else t("upload.here", lang)
    )
    title = escape(upload.title)
    if upload.requester is None:
        code = escape(error.reason or str(error))
        return t("upload.chart_failed", lang, title=title, where=where, error=code)
    reason = _REASONS.get(error.reason or "", "refused")
    why = t(
        f"upload.why.{reason}",
        lang,
        error=escape(error.reason or str(error)),
        size=_size(len(upload.content), lang),
    )
    return t("upload.export_failed", lang, title=title, where=where, why=why)


_REASONS = {
    "not_in_channel": "not_in_channel",
    "channel_not_found": "unreachable",
    "method_not_supported_for_channel_type": "unreachable",
    "cannot_dm_bot": "unreachable",
    "user_not_found": "unreachable",
    "is_archived": "is_archived",
    "too_large": "too_large",
}


def _size(length: int, lang: str) -> str:
    mega, kilo = ("Mo", "ko") if lang == "fr" else ("MB", "kB")
    text = f"{length / 1_000_000:.1f} {mega}" if length >= 100_000 else f"{length / 1000:.0f} {kilo}"
    return text.replace(".", ",") if lang == "fr" else text
