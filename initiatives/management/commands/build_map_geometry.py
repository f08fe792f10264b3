from django.core.management.base import BaseCommand

from initiatives.map_geometry import GEOMETRY_FILE, build_geometry


class Command(BaseCommand):
    help = "Simplifie les contours des départements dans static/maps/departements.svg."

    def handle(self, *args, **options):
        text = build_geometry()
        GEOMETRY_FILE.write_text(text, encoding="utf-8")
        self.stdout.write(f"{GEOMETRY_FILE} : {len(text.encode()):,} octets".replace(",", " "))
