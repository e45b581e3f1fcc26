"""Index petition agreements by (account, time): an agree is also its own rate-limit event.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('petition_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_agreements_account_id'))
        batch_op.create_index('ix_petition_agreements_account_at', ['account_id', 'created_at'], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('petition_agreements', schema=None) as batch_op:
        batch_op.drop_index('ix_petition_agreements_account_at')
        batch_op.create_index(batch_op.f('ix_petition_agreements_account_id'), ['account_id'], unique=False)
