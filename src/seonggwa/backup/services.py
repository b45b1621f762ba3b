"""Dump and restore one organisation's data as versioned JSON.

The file holds no database ids: every object is listed per model in a fixed order and a
foreign key is written as ``[model, index]`` into that list, users by user name. So a dump
restores into any database (another organisation's ids do not collide) and dump → restore →
dump gives the same bytes. Evidence files travel inside the dump (base64).

An evidence file missing from storage does not stop a dump: its record keeps the file's
name with ``"base64": null`` and the dump lists it (:attr:`DumpResult.missing`), unless the
dump is ``strict`` (:class:`DumpIncomplete`, nothing written). Such a record restores with
its name and still no file, so dump → restore → dump stays byte-identical.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as, audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ServiceError
from seonggwa.core.limits import InputRefused, Limits, read_path
from seonggwa.core.ownership import ORGANISATION_OWNED, owned
from seonggwa.engine.catalogue import legacy_code
from seonggwa.engine.text import control_characters, describe_control
from seonggwa.organisations.models import Organisation
from seonggwa.results.services import evidence_store

FORMAT = "seonggwa-dump"
SCHEMA_VERSION = 2  # 2: stored findings are sources.StoredFinding with catalogue codes

# The models of an organisation in restore order (the ownership registry's order): plain FKs
# point to an earlier model; FKs to a later model or to the same model are set in a second pass.
MODELS: list[str] = [m.label for m in ORGANISATION_OWNED]


def _rows(label: str, organisation: Organisation) -> models.QuerySet[Any]:
    manager: models.Manager[Any] = apps.get_model(label)._default_manager
    return manager.filter(**{owned(label).lookup_id: organisation.pk}).order_by("pk")


USER_MODEL = "auth.User"


def _encode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _user_label() -> str:
    return get_user_model()._meta.label


@dataclass(frozen=True, slots=True)
class MissingFile:
    """A file a record names that storage does not have (or cannot read)."""

    model: str  # "results.Evidence"
    record: str  # what the record is called (an evidence's original file name)
    name: str  # the storage name
    reason: str

    def __str__(self) -> str:
        return gettext("%(model)s '%(record)s' 의 파일 %(name)s: %(reason)s") % {
            "model": self.model,
            "record": self.record,
            "name": self.name,
            "reason": self.reason,
        }


class DumpIncomplete(ServiceError):
    """A strict dump found missing files; nothing was written (CLI exit 2)."""

    def __init__(self, message: str, missing: list[MissingFile]):
        super().__init__(message)
        self.missing = missing


@dataclass(slots=True)
class DumpResult:
    count: int  # records written
    missing: list[MissingFile] = dataclass_field(default_factory=list)


def _file_content(label: str, obj: Any, raw: Any, missing: list[MissingFile]) -> str | None:
    """The base64 of a stored file, or None (and an entry in ``missing``) when storage
    cannot give it."""
    try:
        with raw.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        reason = gettext("파일이 저장소에 없습니다")
    except OSError as exc:
        reason = gettext("파일을 읽을 수 없습니다: %(error)s") % {"error": exc.strerror or exc}
    else:
        return base64.b64encode(data).decode()
    missing.append(MissingFile(label, str(obj), raw.name, reason))
    return None


def organisation_dump(
    *, organisation: Organisation, missing: list[MissingFile] | None = None
) -> dict[str, Any]:
    """The organisation as a dump payload. Files storage cannot give are recorded without
    content and appended to ``missing`` (when given)."""
    missing = [] if missing is None else missing
    user_label = _user_label()
    index: dict[tuple[str, int], int] = {}
    rows: dict[str, list[Any]] = {}
    for label in MODELS:
        rows[label] = list(_rows(label, organisation))
        for i, obj in enumerate(rows[label]):
            index[(label, obj.pk)] = i
    tables: dict[str, list[dict[str, Any]]] = {}
    for label in MODELS:
        out = []
        for obj in rows[label]:
            record: dict[str, Any] = {}
            for field in obj._meta.concrete_fields:
                if field.primary_key:
                    continue
                if field.name == owned(label).organisation_field:
                    continue  # the organisation's id: set on restore
                raw = field.value_from_object(obj)
                if field.is_relation:
                    target = field.related_model._meta.label
                    if raw is None:
                        record[field.name] = None
                    elif target == user_label:
                        record[field.name] = {
                            "user": get_user_model()._default_manager.get(pk=raw).get_username()
                        }
                    else:
                        record[field.name] = [target, index[(target, raw)]]
                elif isinstance(field, models.FileField):
                    record[field.name] = {
                        "name": raw.name if raw else "",
                        "base64": _file_content(label, obj, raw, missing) if raw else "",
                    }
                else:
                    record[field.name] = _encode(field, raw)
            for m2m in obj._meta.many_to_many:
                target = m2m.related_model._meta.label
                record[m2m.name] = sorted(
                    index[(target, o.pk)] for o in getattr(obj, m2m.name).all()
                )
            out.append(record)
        tables[label] = out
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "organisation": organisation.name,
        "tables": tables,
    }


def organisation_dump_to_file(
    *, organisation: Organisation, path: Path, strict: bool = False
) -> DumpResult:
    """Write the dump to ``path``. Missing files are listed in the result and the backup is
    written all the same; with ``strict`` they raise :class:`DumpIncomplete` and nothing is
    written."""
    missing: list[MissingFile] = []
    payload = organisation_dump(organisation=organisation, missing=missing)
    if strict and missing:
        raise DumpIncomplete(
            gettext("파일 %(count)s개가 저장소에 없어 백업을 쓰지 않았습니다(--strict):\n%(files)s")
            % {"count": len(missing), "files": "\n".join(f"  {m}" for m in missing)},
            missing,
        )
    path.write_text(
        json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return DumpResult(sum(len(v) for v in payload["tables"].values()), missing)


def _upgrade(payload: Any) -> Any:
    """A dump of an older schema in the current one (version 1: ``sources.Finding`` with
    the codes before the catalogue, and the 총괄 key ``program_goals``)."""
    if not isinstance(payload, dict) or payload.get("schema_version") != 1:
        return payload
    tables = dict(payload.get("tables") or {})
    findings = tables.pop("sources.Finding", [])
    for record in findings:
        record["code"] = legacy_code(
            record.get("code", ""),
            unit_label=record.get("unit_label", ""),
            details=record.get("details") or {},
            message=record.get("message", ""),
        )
    tables["sources.StoredFinding"] = findings
    for record in tables.get("sources.DeclaredFigure", []):
        if record.get("key") == "program_goals":
            record["key"] = "policy_goals"
    return {**payload, "schema_version": SCHEMA_VERSION, "tables": tables}


def _check_header(payload: Any, source: str) -> None:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ServiceError(
            gettext(
                "%(source)s: seonggwa 백업 파일이 아닙니다('format'이 '%(format)s'이어야 합니다)."
            )
            % {"source": source, "format": FORMAT}
        )
    version = payload.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ServiceError(
            gettext(
                "%(source)s: 백업 스키마 버전 %(version)s은(는) 이 프로그램의 버전 %(expected)s과(와) 다릅니다. "
                "백업을 만든 seonggwa 버전으로 복원한 뒤 새 버전에서 다시 dump 하세요."
            )
            % {"source": source, "version": version, "expected": SCHEMA_VERSION}
        )
    if not isinstance(payload.get("tables"), dict) or not isinstance(
        payload.get("organisation"), str
    ):
        raise ServiceError(
            gettext("%(source)s: 'organisation' 또는 'tables' 항목이 없거나 형식이 잘못되었습니다.")
            % {"source": source}
        )
    unknown = set(payload["tables"]) - set(MODELS)
    if unknown:
        raise ServiceError(
            gettext("%(source)s: 알 수 없는 표 %(tables)s이(가) 있습니다.")
            % {"source": source, "tables": sorted(unknown)}
        )


class BackupRefused(ServiceError):
    """A dump restore refuses before writing anything (``seonggwa restore`` exits 2)."""


@dataclass(slots=True)
class _Found:
    count: int = 0
    first: tuple[str, int] | None = None  # the text and the position of the first one


def _clean_value(value: Any, found: _Found) -> Any:
    """``value`` with form feeds dropped from every string in it (a JSON field's keys and
    nested values included); the other control characters are counted in ``found``."""
    if isinstance(value, str):
        text = value.replace("\x0c", "")
        positions = control_characters(text)
        if positions and found.first is None:
            found.first = (text, positions[0])
        found.count += len(positions)
        return text
    if isinstance(value, list):
        return [_clean_value(v, found) for v in value]
    if isinstance(value, dict):
        return {_clean_value(k, found): _clean_value(v, found) for k, v in value.items()}
    return value


def _clean_tables(payload: dict[str, Any], source: str) -> dict[str, Any]:
    """The payload with form feeds dropped from its text (as a text import drops them);
    refuses (:class:`BackupRefused`) a dump whose text holds any other control character —
    NUL, ESC, VT, … but TAB, LF and CR (``engine.text.control_characters``), what imports
    and forms refuse too — naming the table, the row, the field and the character, before
    anything is written: PostgreSQL refuses NUL, and an old SQLite database may hold one.
    A file's content (base64) is not text and is not looked at."""
    tables: dict[str, Any] = {}
    found = _Found()
    where: tuple[str, int, str] | None = None
    for label, records in payload["tables"].items():
        if not isinstance(records, list):
            tables[label] = records
            continue
        files = {
            f.name
            for f in apps.get_model(label)._meta.concrete_fields
            if isinstance(f, models.FileField)
        }
        out = []
        for row, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                out.append(record)
                continue
            cleaned = {}
            for name, value in record.items():
                seen = found.count
                if name in files and isinstance(value, dict):
                    cleaned[name] = {
                        k: v if k == "base64" else _clean_value(v, found) for k, v in value.items()
                    }
                else:
                    cleaned[name] = _clean_value(value, found)
                if where is None and found.count > seen:
                    where = (label, row, name)
            out.append(cleaned)
        tables[label] = out
    if where is not None and found.first is not None:
        text, position = found.first
        raise BackupRefused(
            gettext(
                "%(source)s: %(table)s %(row)s번째 행의 %(field)s에 제어 문자 %(char)s가 "
                "있습니다(%(position)s번째 글자, 백업 전체에 %(count)s개). 탭과 줄바꿈 말고는 "
                "제어 문자를 저장할 수 없습니다(PostgreSQL은 NUL을 받지 않습니다). 원래 "
                "데이터베이스에서 그 글자를 지우고 다시 dump 하거나, 백업 파일에서 그 글자"
                "(JSON의 \\u0000 같은 표기)를 지우고 다시 복원하세요. 아무것도 복원하지 않았습니다."
            )
            % {
                "source": source,
                "table": where[0],
                "row": where[1],
                "field": where[2],
                "char": describe_control(text[position]),
                "position": position + 1,
                "count": found.count,
            }
        )
    return {**payload, "tables": tables}


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.DecimalField):
        return Decimal(value)
    return value


@transaction.atomic
def organisation_restore(
    *, payload: Any, source: str = "backup", replace: bool = False
) -> Organisation:
    """Restore a dump. Refuses another schema version; refuses an existing organisation
    unless ``replace`` (which deletes it first). A dump of schema version 1 is upgraded
    first. All or nothing.

    The dump's audit events come back with the data. With ``replace``, the replaced
    organisation's events the dump does not hold (those recorded after it was written) are
    kept, and the restore's own event (in the restored organisation) lists what was
    replaced: rows per model and the plans.

    Text holding a control character (NUL, ESC, … but TAB, LF and CR) refuses the dump
    before anything is written (:class:`BackupRefused`); form feeds are dropped."""
    payload = _upgrade(payload)
    _check_header(payload, source)
    payload = _clean_tables(payload, source)
    name = payload["organisation"]
    existing = Organisation.objects.filter(name=name).first()
    existing_pk = existing.pk if existing is not None else None
    if existing is not None and not replace:
        raise ServiceError(
            gettext("기관 '%(name)s'이(가) 이미 있습니다. 덮어쓰려면 --replace 를 지정하세요.")
            % {"name": name}
        )
    User = get_user_model()
    user_label = _user_label()
    created: dict[str, list[Any]] = {}
    deferred: list[tuple[Any, str, str, Any]] = []  # index, or indexes of an m2m
    user_cache: dict[str, Any] = {}

    def user_for(username: str) -> Any:
        if username not in user_cache:
            user = User._default_manager.filter(username=username).first()
            if user is None:  # keep the attribution; the account starts inactive
                user = User(username=username, is_active=False)
                user.set_unusable_password()
                user.save()
            user_cache[username] = user
        return user_cache[username]

    actor, actor_label = current_actor()
    replaced: dict[str, Any] = {}
    kept_events: list[int] = []
    if existing is not None:
        replaced = _replaced_summary(existing)
        kept_events = _events_not_in(payload, existing)
    with audit_muted():
        if existing is not None:
            for entry in ORGANISATION_OWNED:  # rows that name the organisation by its id only
                if entry.organisation_field:
                    rows = apps.get_model(entry.label)._default_manager.filter(
                        **{entry.organisation_field: existing.pk}
                    )
                    if entry.label == AUDIT_LABEL:  # the trail of what happened stays
                        rows = rows.exclude(pk__in=kept_events)
                    rows.delete()
            existing.delete()
        order = list(MODELS)
        try:
            for position, label in enumerate(MODELS):
                model = apps.get_model(label)
                objs = []
                m2m_pending = []
                timestamps: list[str] = []
                for record in payload["tables"].get(label, []):
                    obj = model()
                    files: list[tuple[str, Any]] = []
                    for field in model._meta.concrete_fields:
                        if field.primary_key or field.name not in record:
                            continue
                        value = record[field.name]
                        if field.is_relation:
                            if value is None:
                                setattr(obj, field.attname, None)
                            elif field.related_model._meta.label == user_label:
                                setattr(obj, field.name, user_for(value["user"]))
                            else:
                                target, idx = value
                                if order.index(target) >= position:
                                    deferred.append((obj, field.name, target, idx))
                                else:
                                    setattr(obj, field.name, created[target][idx])
                        elif isinstance(field, models.FileField):
                            if value["name"] and value["base64"] is None:
                                # dumped while the file was missing: keep its name
                                setattr(obj, field.attname, value["name"])
                            elif value["name"]:
                                files.append((field.name, value))
                        else:
                            setattr(obj, field.attname, _decode(field, value))
                            if getattr(field, "auto_now", False) or getattr(
                                field, "auto_now_add", False
                            ):
                                timestamps.append(field.name)
                    for fname, value in files:
                        getattr(obj, fname).name = evidence_store(base64.b64decode(value["base64"]))
                    if owned(label).organisation_field:  # set below, once the organisation exists
                        setattr(obj, owned(label).organisation_field, None)
                    objs.append(obj)
                    m2m_pending.append(record)
                saved = []
                for obj in objs:  # save() keeps per-model rules (name keys); audit is muted
                    obj.save()
                    saved.append(obj)
                created[label] = saved
                stamp_fields = sorted(set(timestamps))
                if stamp_fields and saved:
                    for obj, record in zip(saved, payload["tables"].get(label, []), strict=True):
                        for f in stamp_fields:
                            setattr(obj, f, _decode(model._meta.get_field(f), record[f]))
                    model._default_manager.bulk_update(saved, stamp_fields)
                for obj, record in zip(saved, m2m_pending, strict=True):
                    for m2m in model._meta.many_to_many:
                        target = m2m.related_model._meta.label
                        if record.get(m2m.name):
                            if target == label:
                                deferred.append((obj, "m2m:" + m2m.name, target, record[m2m.name]))
                            else:
                                getattr(obj, m2m.name).set(
                                    [created[target][i] for i in record[m2m.name]]
                                )
            for obj, field_name, target, idx in deferred:
                if field_name.startswith("m2m:"):
                    getattr(obj, field_name[4:]).set([created[target][i] for i in idx])
                else:
                    setattr(obj, field_name, created[target][idx])
                    type(obj)._default_manager.filter(pk=obj.pk).update(
                        **{obj._meta.get_field(field_name).attname: created[target][idx].pk}
                    )
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ServiceError(
                gettext("%(source)s: 백업 내용이 손상되었습니다(%(error)s: %(detail)s).")
                % {"source": source, "error": type(exc).__name__, "detail": exc}
            ) from exc
        org: Organisation = created["organisations.Organisation"][0]
        for entry in ORGANISATION_OWNED:
            if entry.organisation_field and created.get(entry.label):
                apps.get_model(entry.label)._default_manager.filter(
                    pk__in=[o.pk for o in created[entry.label]]
                ).update(**{entry.organisation_field: org.pk})
        if kept_events:  # events after the dump (or never in it) follow the organisation
            AuditEvent.objects.filter(pk__in=kept_events).update(organisation_id_ref=org.pk)
    changes: dict[str, Any] = {"objects": [None, sum(len(v) for v in created.values())]}
    if existing is not None:
        changes |= {
            "replaced_organisation_id": [existing_pk, None],
            "replaced": [replaced, None],
            "kept_events": [None, len(kept_events)],
        }
    with acting_as(actor, actor_label):
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label,
            action=AuditEvent.Action.RESTORE,
            model="organisations.Organisation",
            object_pk=str(org.pk),
            object_repr=f"{org.name} ← {source}"[:300],
            organisation_id_ref=org.pk,
            changes=changes,
        )
    return org


def _json_head_check(head: bytes) -> None:
    """A dump starts with ``{`` (after blanks): anything else is refused before it is read."""
    if head.strip() and not head.lstrip().startswith(b"{"):
        raise json.JSONDecodeError("JSON 객체로 시작하지 않습니다", head.decode("latin-1"), 0)


AUDIT_LABEL = AuditEvent._meta.label


def _replaced_summary(organisation: Organisation) -> dict[str, Any]:
    """What ``restore --replace`` deletes: rows per model (none of the empty ones) and the
    plans by name, for the restore's audit event. One count query per model."""
    counts: dict[str, Any] = {}
    for entry in ORGANISATION_OWNED:
        if entry.label == AUDIT_LABEL:
            continue
        n = _rows(entry.label, organisation).count()
        if n:
            counts[entry.label] = n
    plans = [str(p) for p in _rows("plans.Plan", organisation)]
    return {"rows": counts, "plans": plans}


def _event_key(at: Any, record: dict[str, Any]) -> tuple[Any, ...]:
    return (at, record["action"], record["model"], record["object_pk"], record["actor_label"])


def _events_not_in(payload: dict[str, Any], organisation: Organisation) -> list[int]:
    """The ids of the organisation's audit events that the dump does not hold (those after
    it was written, or of another history): restore keeps them."""
    try:
        in_dump = {_event_key(r["at"], r) for r in payload["tables"].get(AUDIT_LABEL, [])}
    except (KeyError, TypeError):
        in_dump = set()
    keep = []
    for event in AuditEvent.objects.filter(organisation_id_ref=organisation.pk).order_by("pk"):
        record = {
            "action": event.action,
            "model": event.model,
            "object_pk": event.object_pk,
            "actor_label": event.actor_label,
        }
        if _event_key(event.at.isoformat(), record) not in in_dump:
            keep.append(event.pk)
    return keep


def organisation_restore_from_file(*, path: Path, replace: bool = False) -> Organisation:
    try:
        # bounded (SEONGGWA_MAX_BACKUP_BYTES, docs/limits.md): /dev/zero is no backup
        data = read_path(
            path, Limits.from_settings(settings), kind="backup", head_check=_json_head_check
        )
        payload = json.loads(data.decode("utf-8"))
    except InputRefused as exc:
        raise ServiceError(str(exc)) from exc
    except FileNotFoundError as exc:
        raise ServiceError(gettext("%(path)s: 파일이 없습니다.") % {"path": path}) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ServiceError(
            gettext("%(path)s: JSON 백업 파일로 읽을 수 없습니다(%(error)s).")
            % {"path": path, "error": exc}
        ) from exc
    return organisation_restore(payload=payload, source=str(path), replace=replace)
