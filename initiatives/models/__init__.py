from .action_sheet import (
    ActionSheetPage,
    ActionSheetTag,
    SheetContact,
    SheetDocument,
    SheetImage,
    SheetLink,
    new_external_id,
)
from .collectivity import CollectivityKind, CollectivityPage
from .referentiel import Category, Enjeu, Service

__all__ = [
    "ActionSheetPage",
    "ActionSheetTag",
    "Category",
    "CollectivityKind",
    "CollectivityPage",
    "Enjeu",
    "Service",
    "SheetContact",
    "SheetDocument",
    "SheetImage",
    "SheetLink",
    "new_external_id",
]
