//! Migration 12, children: a registry person under 18 becomes a child of the children's work by
//! her guardian link; a child under 14 needs her guardian's consent before she is registered.

use super::rowid;
use super::tables::{ChildConsents, ChildGuardians, People};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    // A guardian is a registry person (`guardian_person_id`, e.g. a member of the child's
    // household) or named here: the name and phone sealed, the phone's mask for lists.
    let guardians = Table::create()
        .table(ChildGuardians::Table)
        .col(
            rowid(&mut ColumnDef::new(ChildGuardians::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ChildGuardians::ChildId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ChildGuardians::GuardianPersonId)
                .big_integer()
                .null(),
        )
        .col(ColumnDef::new(ChildGuardians::NameCipher).binary().null())
        .col(ColumnDef::new(ChildGuardians::PhoneCipher).binary().null())
        .col(
            ColumnDef::new(ChildGuardians::PhoneMasked)
                .string_len(20)
                .null(),
        )
        .col(
            ColumnDef::new(ChildGuardians::Relation)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(ChildGuardians::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ChildGuardians::Table, ChildGuardians::ChildId)
                .to(People::Table, People::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ChildGuardians::Table, ChildGuardians::GuardianPersonId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let guardians_child = Index::create()
        .name("child_guardians_child")
        .table(ChildGuardians::Table)
        .col(ChildGuardians::ChildId)
        .to_owned();
    // Who gave the consent is sealed; when, and which officer recorded it, are plain.
    let consents = Table::create()
        .table(ChildConsents::Table)
        .col(
            rowid(&mut ColumnDef::new(ChildConsents::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ChildConsents::ChildId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ChildConsents::GivenByCipher)
                .binary()
                .not_null(),
        )
        .col(
            ColumnDef::new(ChildConsents::GivenOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ChildConsents::RecordedBy)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ChildConsents::RecordedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ChildConsents::Table, ChildConsents::ChildId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let consents_child = Index::create()
        .name("child_consents_child")
        .table(ChildConsents::Table)
        .col(ChildConsents::ChildId)
        .to_owned();
    vec![
        guardians.build_any(b),
        guardians_child.build_any(b),
        consents.build_any(b),
        consents_child.build_any(b),
    ]
}
