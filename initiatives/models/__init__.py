from .action_sheet import (
    ActionSheetPage,
    ActionSheetTag,
    ActionStatus,
    SheetContact,
    SheetDocument,
    SheetImage,
    SheetInspiration,
    SheetLink,
    new_external_id,
)
from .collection import (
    ThematicCollectionIndexPage,
    ThematicCollectionPage,
    ThematicCollectionSheet,
    ThematicCollectionTag,
)
from .collectivity import CollectivityKind, CollectivityPage
from .referentiel import Category, Enjeu, Service

__all__ = [
    "ActionSheetPage",
    "ActionStatus",
    "ActionSheetTag",
    "Category",
    "CollectivityKind",
    "CollectivityPage",
    "Enjeu",
    "Service",
    "SheetContact",
    "SheetDocument",
    "SheetImage",
    "SheetInspiration",
    "SheetLink",
    "ThematicCollectionIndexPage",
    "ThematicCollectionPage",
    "ThematicCollectionSheet",
    "ThematicCollectionTag",
    "new_external_id",
]
