"""Accounts and sessions, petition agreements/answers/reports/history, tax bills and payments,
civil records and documents, consultations and counselling slots, rate-limit events;
idempotency keys become unique per owner.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:11:07.494612
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email_index', sa.String(length=64), nullable=True),
    sa.Column('email_enc', sa.Text(), nullable=True),
    sa.Column('name_enc', sa.Text(), nullable=True),
    sa.Column('birth_date_enc', sa.Text(), nullable=True),
    sa.Column('phone_enc', sa.Text(), nullable=True),
    sa.Column('address_enc', sa.Text(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('verification', sa.String(length=16), nullable=False),
    sa.Column('id_document', sa.String(length=64), nullable=True),
    sa.Column('id_document_type', sa.String(length=32), nullable=True),
    sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email_index', name=op.f('uq_accounts_email_index'))
    )
    op.create_table('rate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=96), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_events'))
    )
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.create_index('ix_rate_events_bucket_at', ['bucket', 'created_at'], unique=False)

    op.create_table('auth_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_auth_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_auth_sessions_token_hash'))
    )
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_sessions_account_id'), ['account_id'], unique=False)

    op.create_table('citizen_records',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('data_enc', sa.Text(), nullable=False),
    sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_citizen_records_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_citizen_records'))
    )
    op.create_table('consultation_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_consultation_threads_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_threads'))
    )
    with op.batch_alter_table('consultation_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_threads_account_id'), ['account_id'], unique=False)

    op.create_table('counselling_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('counsellor', sa.String(length=80), nullable=False),
    sa.Column('booked_by', sa.Integer(), nullable=True),
    sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['booked_by'], ['accounts.id'], name=op.f('fk_counselling_slots_booked_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counselling_slots'))
    )
    with op.batch_alter_table('counselling_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counselling_slots_booked_by'), ['booked_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_counselling_slots_starts_at'), ['starts_at'], unique=False)

    op.create_table('issued_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('holder_masked', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_issued_documents_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
    sa.UniqueConstraint('code', name=op.f('uq_issued_documents_code'))
    )
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_documents_account_id'), ['account_id'], unique=False)

    op.create_table('tax_bills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('tax_year', sa.Integer(), nullable=False),
    sa.Column('amount_krw', sa.BigInteger(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_tax_bills_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tax_bills'))
    )
    with op.batch_alter_table('tax_bills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tax_bills_account_id'), ['account_id'], unique=False)

    op.create_table('consultation_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_role', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['accounts.id'], name=op.f('fk_consultation_messages_author_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['consultation_threads.id'], name=op.f('fk_consultation_messages_thread_id_consultation_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_messages'))
    )
    with op.batch_alter_table('consultation_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_messages_thread_id'), ['thread_id'], unique=False)

    op.create_table('petition_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_petition_agreements_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['petition_id'], ['petitions.id'], name=op.f('fk_petition_agreements_petition_id_petitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_agreements')),
    sa.UniqueConstraint('petition_id', 'account_id', name='uq_petition_agreements_pair')
    )
    with op.batch_alter_table('petition_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_agreements_account_id'), ['account_id'], unique=False)

    op.create_table('petition_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('department', sa.String(length=80), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petitions.id'], name=op.f('fk_petition_answers_petition_id_petitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['accounts.id'], name=op.f('fk_petition_answers_staff_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_answers'))
    )
    with op.batch_alter_table('petition_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_answers_petition_id'), ['petition_id'], unique=False)

    op.create_table('petition_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petitions.id'], name=op.f('fk_petition_events_petition_id_petitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_events'))
    )
    with op.batch_alter_table('petition_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_events_petition_id'), ['petition_id'], unique=False)

    op.create_table('petition_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['petition_id'], ['petitions.id'], name=op.f('fk_petition_reports_petition_id_petitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['accounts.id'], name=op.f('fk_petition_reports_reporter_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_reports')),
    sa.UniqueConstraint('petition_id', 'reporter_id', name='uq_petition_reports_pair')
    )
    with op.batch_alter_table('petition_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_reports_petition_id'), ['petition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_petition_reports_status'), ['status'], unique=False)

    op.create_table('tax_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bill_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('amount_krw', sa.BigInteger(), nullable=False),
    sa.Column('method', sa.String(length=24), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('provider_reference', sa.String(length=64), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_tax_payments_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['bill_id'], ['tax_bills.id'], name=op.f('fk_tax_payments_bill_id_tax_bills'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tax_payments')),
    sa.UniqueConstraint('bill_id', name=op.f('uq_tax_payments_bill_id'))
    )
    with op.batch_alter_table('tax_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tax_payments_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=32), server_default='', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_idempotency_keys_key'), type_='unique')
        batch_op.create_index(batch_op.f('ix_idempotency_keys_created_at'), ['created_at'], unique=False)
        batch_op.create_unique_constraint('uq_idempotency_keys_owner_key', ['owner', 'key'])

    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_petitions_author_id'), ['author_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_petitions_author_id_accounts'), 'accounts', ['author_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_petitions_author_id_accounts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_petitions_author_id'))
        batch_op.drop_column('hidden')
        batch_op.drop_column('author_id')

    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_constraint('uq_idempotency_keys_owner_key', type_='unique')
        batch_op.drop_index(batch_op.f('ix_idempotency_keys_created_at'))
        batch_op.create_unique_constraint(batch_op.f('uq_idempotency_keys_key'), ['key'])
        batch_op.drop_column('owner')

    with op.batch_alter_table('tax_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tax_payments_account_id'))

    op.drop_table('tax_payments')
    with op.batch_alter_table('petition_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_reports_status'))
        batch_op.drop_index(batch_op.f('ix_petition_reports_petition_id'))

    op.drop_table('petition_reports')
    with op.batch_alter_table('petition_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_events_petition_id'))

    op.drop_table('petition_events')
    with op.batch_alter_table('petition_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_answers_petition_id'))

    op.drop_table('petition_answers')
    with op.batch_alter_table('petition_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petition_agreements_account_id'))

    op.drop_table('petition_agreements')
    with op.batch_alter_table('consultation_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_messages_thread_id'))

    op.drop_table('consultation_messages')
    with op.batch_alter_table('tax_bills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tax_bills_account_id'))

    op.drop_table('tax_bills')
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_documents_account_id'))

    op.drop_table('issued_documents')
    with op.batch_alter_table('counselling_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counselling_slots_starts_at'))
        batch_op.drop_index(batch_op.f('ix_counselling_slots_booked_by'))

    op.drop_table('counselling_slots')
    with op.batch_alter_table('consultation_threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_threads_account_id'))

    op.drop_table('consultation_threads')
    op.drop_table('citizen_records')
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_sessions_account_id'))

    op.drop_table('auth_sessions')
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_events_bucket_at')

    op.drop_table('rate_events')
    op.drop_table('accounts')
