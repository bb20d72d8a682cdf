//! Migration 12, children: a registry person under 18 becomes a child of the children's work by
//! her guardian link; a child under 14 needs her guardian's consent before she is registered.

use super::columns::{
    big_integer, big_integer_null, binary, binary_null, id, string, string_null, ForeignKeys,
};
use super::tables::{ChildConsents, ChildGuardians, People};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    // A guardian is a registry person (`guardian_person_id`, e.g. a member of the child's
    // household) or named here: the name and phone sealed, the phone's mask for lists.
    let guardians = Table::create()
        .table(ChildGuardians::Table)
        .col(id(ChildGuardians::Id, engine))
        .col(big_integer(ChildGuardians::ChildId))
        .col(big_integer_null(ChildGuardians::GuardianPersonId))
        .col(binary_null(ChildGuardians::NameCipher))
        .col(binary_null(ChildGuardians::PhoneCipher))
        .col(string_null(ChildGuardians::PhoneMasked, 20))
        .col(string(ChildGuardians::Relation, 20))
        .col(big_integer(ChildGuardians::CreatedAt))
        .references(ChildGuardians::ChildId, People::Table, People::Id)
        .references(ChildGuardians::GuardianPersonId, People::Table, People::Id)
        .to_owned();
    let guardians_child = Index::create()
        .name("child_guardians_child")
        .table(ChildGuardians::Table)
        .col(ChildGuardians::ChildId)
        .to_owned();
    // Who gave the consent is sealed; when, and which officer recorded it, are plain.
    let consents = Table::create()
        .table(ChildConsents::Table)
        .col(id(ChildConsents::Id, engine))
        .col(big_integer(ChildConsents::ChildId))
        .col(binary(ChildConsents::GivenByCipher))
        .col(string(ChildConsents::GivenOn, 10))
        .col(big_integer(ChildConsents::RecordedBy))
        .col(big_integer(ChildConsents::RecordedAt))
        .references(ChildConsents::ChildId, People::Table, People::Id)
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
