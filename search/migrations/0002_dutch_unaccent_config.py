"""PostgreSQL: a Dutch text search configuration that also folds accents.

``dorpskracht_dutch`` is PostgreSQL's "dutch" (Snowball stemmer, stop words) with the unaccent
dictionary in front, so "cooperatie" finds "coöperatie" and the other way round. The database
backend uses it when it exists (``search.backends.postgres_search_config``). Creating the
unaccent extension needs the CREATE privilege on the database (unaccent is a trusted extension);
where the portal's database user lacks it, the migration leaves a warning and search keeps the
plain "dutch" configuration (accents then matter). Nothing happens on other databases.

After this migration an existing index must be rebuilt once: ``manage.py update_index``."""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

CONFIG = "dorpskracht_dutch"
# Every token type the "dutch" configuration stems (words with letters, hyphenated parts).
TOKEN_TYPES = "asciiword, word, hword, hword_part, hword_asciipart, asciihword"


def create_config(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = dutch)")
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                    f"ALTER MAPPING FOR {TOKEN_TYPES} WITH unaccent, dutch_stem"
                )
    except DatabaseError as error:
        logger.warning(
            "Search: could not set up accent folding (%s); searching keeps the plain Dutch "
            "configuration. A database superuser can run CREATE EXTENSION unaccent.",
            error,
        )


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_config, drop_config)]
