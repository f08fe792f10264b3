"""Who may do what in the admin, written with Wagtail's own permission model.

- Agents of a collectivity: one group per collectivity page ("Agents 35288 — Saint-Malo")
  holding ``add_page`` and ``change_page`` on that page, and add / change / choose on the
  images and documents of the collectivity's own Wagtail collection. They hold no
  ``publish_page``: what they write is published through the moderators' workflow. Under
  Wagtail's rules, "change" without "publish" lets an agent delete (or reorder) a page of
  its collectivity only while that page has never been published: a draft can be thrown
  away, a published sheet stays until a moderator unpublishes or deletes it.
- Moderators (Villes Internet): add, change, publish, lock and unlock every page under the
  home page but the label section, which answers only to grants made within it
  (``labels/access.py``); they approve or send back what the agents submit.
  home page; they approve or send back what the agents submit. With the editors they hold
  ``initiatives.edit_page_plumbing``: slugs, menus, SEO and import ids, hidden from agents.
- Editors: the thematic collections and the label pages (page permissions on their index
  pages), the référentiel snippets and the models of the ``labels`` app.
- Administrators are superusers.

Every function here is idempotent: the matrix is code, and ``sync_roles`` puts the
database back in line with it (after each ``migrate``, and in ``sync_agent_groups``).
"""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .models import (
    ActionSheetPage,
    Category,
    CollectivityPage,
    Enjeu,
    Service,
    ThematicCollectionIndexPage,
)

AGENT_PREFIX = "Agents "
# Wagtail's initial data already created these two groups; ATLAAS gives them its matrix.
MODERATORS = "Moderators"
EDITORS = "Editors"
COLLECTIVITIES_COLLECTION = "Collectivités"
# Documents editors put here are public even when no published page uses them.
PUBLIC_DOCUMENTS_COLLECTION = "Documents publics"
LABELS_APP = "labels"
BATCH_SIZE = 500

AGENT_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
MEDIA_ACTIONS = ("add", "change", "choose")
MODEL_ACTIONS = ("add", "change", "delete", "view")
REFERENTIEL_MODELS = (Category, Enjeu, Service)
# What editors tune search with: the glossary and the editors' picks.
SEARCH_MODELS = (
    ("search", "GlossaryEntry"),
    ("search", "VisitorQueryDay"),
    ("wagtailsearchpromotions", "SearchPromotion"),
)


# --- permissions -------------------------------------------------------------------------


def page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def model_permission(model, action: str) -> Permission:
    """The permission, created if ``migrate`` has not yet reached the model's app."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model._meta.model_name}",
        defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
    )
    return permission


def plumbing_permission() -> Permission:
    """Slugs, menus, SEO, import ids, scheduling: Villes Internet's, never an agent's."""
    from .editing import PLUMBING_CODENAME

    content_type = ContentType.objects.get_for_model(ActionSheetPage)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=PLUMBING_CODENAME,
        defaults={"name": "Can edit the address, menus, SEO and import id of pages"},
    )
    return permission


def admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def media_permissions() -> list[Permission]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return [
        model_permission(model, action)
        for model in (get_image_model(), get_document_model())
        for action in MEDIA_ACTIONS
    ]


def labels_models() -> list:
    """The models of the labels app, whatever it holds when this runs."""
    try:
        return list(apps.get_app_config(LABELS_APP).get_models())
    except LookupError:
        return []


def _sync_rows(model, wanted: dict[int, set[tuple]], fields: tuple[str, ...]) -> None:
    """Makes the rows of ``model`` for these groups exactly ``wanted`` (group id → keys)."""
    if not wanted:
        return
    present, extra = set(), []
    for pk, group_id, *key in model.objects.filter(group_id__in=wanted).values_list(
        "pk", "group_id", *fields
    ):
        if tuple(key) in wanted[group_id]:
            present.add((group_id, *key))
        else:
            extra.append(pk)
    if extra:
        model.objects.filter(pk__in=extra).delete()
    model.objects.bulk_create(
        [
            model(group_id=group_id, **dict(zip(fields, key, strict=True)))
            for group_id, keys in wanted.items()
            for key in keys
            if (group_id, *key) not in present
        ]
    )


def _sync_group_permissions(wanted: dict[int, set[int]]) -> None:
    _sync_rows(
        Group.permissions.through,
        {group_id: {(pk,) for pk in pks} for group_id, pks in wanted.items()},
        ("permission_id",),
    )


# --- collections of images and documents ---------------------------------------------------


def root_collection() -> Collection:
    # Wagtail's migrations create it; a flushed database (flush runs post_migrate) has none.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def collectivities_collection() -> Collection:
    root = root_collection()
    parent = root.get_children().filter(name=COLLECTIVITIES_COLLECTION).first()
    return parent or root.add_child(name=COLLECTIVITIES_COLLECTION)


def public_documents_collection() -> Collection:
    root = root_collection()
    found = root.get_children().filter(name=PUBLIC_DOCUMENTS_COLLECTION).first()
    return found or root.add_child(name=PUBLIC_DOCUMENTS_COLLECTION)


def _add_collections(parent: Collection, names: list[str]) -> list[int]:
    """Appends children to ``parent`` in a few queries (treebeard writes one per node)."""
    last = parent.get_last_child()
    step = Collection._str2int(last.path[-Collection.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    nodes = [
        Collection(
            name=name,
            depth=depth,
            numchild=0,
            path=Collection._get_path(parent.path, depth, step + offset),
        )
        for offset, name in enumerate(names)
    ]
    Collection.objects.bulk_create(nodes)
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(nodes))
    paths = [node.path for node in nodes]
    ids = dict(Collection.objects.filter(path__in=paths).values_list("path", "pk"))
    return [ids[path] for path in paths]


# --- agents -------------------------------------------------------------------------------


def agent_group_name(collectivity) -> str:
    name = f"{AGENT_PREFIX}{collectivity.code} — {collectivity.title}"
    return name[: Group._meta.get_field("name").max_length]


def collection_name(collectivity) -> str:
    return f"{collectivity.title} ({collectivity.code})"[:255]


def _code_of_group(name: str) -> str:
    return name[len(AGENT_PREFIX) :].split(" — ", 1)[0]


def _agent_groups_by_page(collectivities) -> dict[int, int]:
    """Existing agent group of each collectivity: the one holding permissions on its page,
    else the one named after its code (the page was deleted and created again)."""
    found = {}
    for page_id, group_id in GroupPagePermission.objects.filter(
        page_id__in=[c.pk for c in collectivities], group__name__startswith=AGENT_PREFIX
    ).values_list("page_id", "group_id"):
        found.setdefault(page_id, group_id)
    unlinked = {c.code: c.pk for c in collectivities if c.pk not in found}
    if unlinked:
        for group_id, name in Group.objects.filter(name__startswith=AGENT_PREFIX).values_list(
            "pk", "name"
        ):
            page_id = unlinked.get(_code_of_group(name))
            if page_id is not None and group_id not in found.values():
                found[page_id] = group_id
    return found


@transaction.atomic
def ensure_agent_groups(collectivities: Iterable) -> dict[int, Group]:
    """Creates or repairs the agents' group and collection of each collectivity (objects
    with ``pk``, ``code`` and ``title``), in a fixed number of queries per batch."""
    collectivities = list(collectivities)
    groups = {}
    for start in range(0, len(collectivities), BATCH_SIZE):
        groups.update(_ensure_agent_group_batch(collectivities[start : start + BATCH_SIZE]))
    return groups


def _ensure_agent_group_batch(collectivities) -> dict[int, Group]:
    if not collectivities:
        return {}
    by_page = _agent_groups_by_page(collectivities)
    names = {c.pk: agent_group_name(c) for c in collectivities}
    Group.objects.bulk_create(
        [Group(name=names[c.pk]) for c in collectivities if c.pk not in by_page]
    )
    if len(by_page) < len(collectivities):
        created = dict(
            Group.objects.filter(
                name__in=[names[c.pk] for c in collectivities if c.pk not in by_page]
            ).values_list("name", "pk")
        )
        by_page.update({c.pk: created[names[c.pk]] for c in collectivities if c.pk not in by_page})
    groups = Group.objects.in_bulk(by_page.values())
    renamed = []
    for page_id, group_id in by_page.items():
        group = groups[group_id]
        if group.name != names[page_id]:
            group.name = names[page_id]
            renamed.append(group)
    Group.objects.bulk_update(renamed, ["name"])

    access = admin_access()
    _sync_group_permissions({group_id: {access.pk} for group_id in by_page.values()})
    page_permissions = [page_permission(codename).pk for codename in AGENT_PAGE_PERMISSIONS]
    _sync_rows(
        GroupPagePermission,
        {
            group_id: {(page_id, permission) for permission in page_permissions}
            for page_id, group_id in by_page.items()
        },
        ("page_id", "permission_id"),
    )
    _sync_agent_collections(collectivities, by_page)
    return {page_id: groups[group_id] for page_id, group_id in by_page.items()}


def _sync_agent_collections(collectivities, by_page: dict[int, int]) -> None:
    parent = collectivities_collection()
    own = Q(collection__path__startswith=parent.path, collection__depth=parent.depth + 1)
    collection_of_group = {}
    for group_id, collection_id in GroupCollectionPermission.objects.filter(
        own, group_id__in=by_page.values()
    ).values_list("group_id", "collection_id"):
        collection_of_group.setdefault(group_id, collection_id)
    missing = [c for c in collectivities if by_page[c.pk] not in collection_of_group]
    if missing:
        new_ids = _add_collections(parent, [collection_name(c) for c in missing])
        collection_of_group.update(
            {by_page[c.pk]: pk for c, pk in zip(missing, new_ids, strict=True)}
        )
    collections = Collection.objects.in_bulk(collection_of_group.values())
    renamed = []
    for c in collectivities:
        collection = collections[collection_of_group[by_page[c.pk]]]
        if collection.name != collection_name(c):
            collection.name = collection_name(c)
            renamed.append(collection)
    Collection.objects.bulk_update(renamed, ["name"])
    media = [permission.pk for permission in media_permissions()]
    _sync_rows(
        GroupCollectionPermission,
        {
            group_id: {(collection_of_group[group_id], p) for p in media}
            for group_id in by_page.values()
        },
        ("collection_id", "permission_id"),
    )


def ensure_agent_group(collectivity) -> Group:
    return ensure_agent_groups([collectivity])[collectivity.pk]


def sync_agent_groups() -> int:
    """Every collectivity's agents' group, created or repaired. Returns their number."""
    collectivities = list(CollectivityPage.objects.order_by("pk").only("pk", "code", "title"))
    ensure_agent_groups(collectivities)
    return len(collectivities)


def agent_collectivities(user):
    """The collectivities whose agents' group the user belongs to."""
    if not user.is_authenticated:
        return CollectivityPage.objects.none()
    groups = user.groups.filter(name__startswith=AGENT_PREFIX)
    return (
        CollectivityPage.objects.filter(group_permissions__group__in=groups)
        .distinct()
        .order_by("title")
    )


def agents_of(collectivity):
    group = ensure_agent_group(collectivity)
    return group.user_set.order_by("username")


def account_for_email(email: str) -> tuple:
    """The account of this address, created if needed (user name = e-mail, no usable
    password: its owner sets one from the invitation). Returns (user, created)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("« %(email)s » n'est pas une adresse électronique valide.") % {"email": email}
        ) from None
    user_model = get_user_model()
    user = (
        user_model.objects.filter(username__iexact=email).first()
        or user_model.objects.filter(email__iexact=email).order_by("pk").first()
    )
    if user is not None:
        return user, False
    user = user_model(username=email, email=email)
    user.set_unusable_password()
    user.save()
    return user, True


def attach_agent(email: str, collectivity) -> tuple:
    """Creates the agent's account if needed and puts it in the collectivity's agents'
    group. Returns (user, created)."""
    user, created = account_for_email(email)
    user.groups.add(ensure_agent_group(collectivity))
    return user, created


def detach_agent(user, collectivity) -> None:
    user.groups.remove(ensure_agent_group(collectivity))


# --- moderators and editors ---------------------------------------------------------------


def _home_page():
    from home.models import HomePage

    return HomePage.objects.order_by("path").first()


def editor_root_pages(home) -> list[Page]:
    """The pages under which editors work: the collections index and the labels' pages."""
    if home is None:
        return []
    index_type = ContentType.objects.get_for_model(ThematicCollectionIndexPage)
    return list(
        Page.objects.child_of(home).filter(
            Q(content_type=index_type) | Q(content_type__app_label=LABELS_APP)
        )
    )


def _sync_reviewer_group(name: str, pages, model_permissions) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    codenames = [page_permission(codename).pk for codename in REVIEWER_PAGE_PERMISSIONS]
    _sync_rows(
        GroupPagePermission,
        {group.pk: {(page.pk, p) for page in pages for p in codenames}},
        ("page_id", "permission_id"),
    )
    root = root_collection()
    _sync_rows(
        GroupCollectionPermission,
        {group.pk: {(root.pk, permission.pk) for permission in media_permissions()}},
        ("collection_id", "permission_id"),
    )
    _sync_group_permissions({group.pk: {admin_access().pk, *(p.pk for p in model_permissions)}})
    return group


def search_models() -> list:
    return [apps.get_model(app_label, name) for app_label, name in SEARCH_MODELS]


def sync_moderators() -> Group:
    home = _home_page()
    return _sync_reviewer_group(MODERATORS, [home] if home else [], [plumbing_permission()])


def sync_editors() -> Group:
    permissions = [
        model_permission(model, action)
        for model in (*REFERENTIEL_MODELS, *search_models(), *labels_models())
        if not issubclass(model, Page)
        for action in MODEL_ACTIONS
    ]
    permissions.append(plumbing_permission())
    return _sync_reviewer_group(EDITORS, editor_root_pages(_home_page()), permissions)


@transaction.atomic
def sync_roles() -> dict:
    """Moderators, editors, the review workflow and every agents' group, as the matrix says."""
    from .workflow import ensure_review_workflow

    moderators = sync_moderators()
    sync_editors()
    public_documents_collection()
    workflow = ensure_review_workflow(moderators, _home_page())
    return {"collectivities": sync_agent_groups(), "workflow": workflow}
