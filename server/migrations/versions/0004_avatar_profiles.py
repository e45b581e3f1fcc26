"""Avatar profiles: each citizen's avatar appearance, saved to the account.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('avatar_profiles',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('age', sa.String(length=8), nullable=False),
    sa.Column('height_m', sa.Float(), nullable=False),
    sa.Column('build', sa.String(length=8), nullable=False),
    sa.Column('skin_tone', sa.String(length=7), nullable=False),
    sa.Column('hair_style', sa.String(length=8), nullable=False),
    sa.Column('hair_color', sa.String(length=7), nullable=False),
    sa.Column('top_color', sa.String(length=7), nullable=False),
    sa.Column('bottom_color', sa.String(length=7), nullable=False),
    sa.Column('shoes_color', sa.String(length=7), nullable=False),
    sa.Column('mobility', sa.String(length=12), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_avatar_profiles_account_id_accounts'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_avatar_profiles'))
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table('avatar_profiles')
