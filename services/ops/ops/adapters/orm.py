"""Tables of the ops database: the messaging tables until the group model lands."""

from __future__ import annotations

import sqlalchemy as sa

from t2t_shared.db import define_messaging_tables

metadata = sa.MetaData()

outbox, processed_messages = define_messaging_tables(metadata)
