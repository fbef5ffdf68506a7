"""btree_gist (exclusion constraints on date ranges) and pg_trgm (fast name and postgres search).

Created here, by migration, so any PostgreSQL 15+ with contrib works; nothing is assumed of the server.
"""

from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sharedlives", "0002_role_groups")]

    operations = [BtreeGistExtension(), TrigramExtension()]
