//! Migration 2, people: persons, tags, search terms, households.

use super::tables::{HouseholdMembers, Households, People, PersonTags, PersonTerms, Units};
use super::{rowid, without_rowid};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let people = Table::create()
        .table(People::Table)
        .col(
            rowid(&mut ColumnDef::new(People::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(People::Name).string().not_null())
        .col(ColumnDef::new(People::Sex).string_len(8).not_null())
        .col(ColumnDef::new(People::BirthDate).string_len(10).not_null())
        .col(ColumnDef::new(People::UnitCode).string_len(12).not_null())
        .col(ColumnDef::new(People::IdCipher).binary().not_null())
        .col(ColumnDef::new(People::IdMasked).string_len(18).not_null())
        .col(ColumnDef::new(People::IdIndex).string_len(64).not_null())
        .col(ColumnDef::new(People::PhoneCipher).binary().null())
        .col(ColumnDef::new(People::PhoneMasked).string_len(20).null())
        .col(ColumnDef::new(People::PhoneIndex).string_len(64).null())
        .col(ColumnDef::new(People::AddressCipher).binary().null())
        .col(ColumnDef::new(People::NotesCipher).binary().null())
        .col(ColumnDef::new(People::Ethnicity).string().null())
        .col(ColumnDef::new(People::Education).string().null())
        .col(ColumnDef::new(People::MaritalStatus).string().null())
        .col(ColumnDef::new(People::CreatedAt).big_integer().not_null())
        .col(ColumnDef::new(People::UpdatedAt).big_integer().not_null())
        .col(ColumnDef::new(People::DeletedAt).big_integer().null())
        .col(ColumnDef::new(People::MergedInto).big_integer().null())
        .foreign_key(
            ForeignKey::create()
                .from(People::Table, People::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();

    let people_phone = Index::create()
        .name("people_phone")
        .table(People::Table)
        .col(People::PhoneIndex)
        .to_owned();
    let people_birth = Index::create()
        .name("people_birth")
        .table(People::Table)
        .col(People::BirthDate)
        .to_owned();

    let tags = Table::create()
        .table(PersonTags::Table)
        .col(
            ColumnDef::new(PersonTags::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(ColumnDef::new(PersonTags::Tag).string_len(40).not_null())
        .primary_key(
            Index::create()
                .col(PersonTags::PersonId)
                .col(PersonTags::Tag),
        )
        .foreign_key(
            ForeignKey::create()
                .from(PersonTags::Table, PersonTags::PersonId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let tags_tag = Index::create()
        .name("person_tags_tag")
        .table(PersonTags::Table)
        .col(PersonTags::Tag)
        .col(PersonTags::PersonId)
        .to_owned();

    // Search terms carry the person's unit, so a search in a subtree is one range of this key
    // (counted without touching `people`), walked in list order. Retired people have no terms.
    let terms =
        "CREATE TABLE person_terms (term VARCHAR NOT NULL, unit_code VARCHAR(12) NOT NULL, \
                 person_id BIGINT NOT NULL, PRIMARY KEY (term, unit_code, person_id))"
            .to_owned();
    let terms_person = Index::create()
        .name("person_terms_person")
        .table(PersonTerms::Table)
        .col(PersonTerms::PersonId)
        .to_owned();

    let households = Table::create()
        .table(Households::Table)
        .col(
            ColumnDef::new(Households::Id)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(Households::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(ColumnDef::new(Households::Name).string().not_null())
        .col(
            ColumnDef::new(Households::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Households::Table, Households::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let members = Table::create()
        .table(HouseholdMembers::Table)
        .col(
            ColumnDef::new(HouseholdMembers::HouseholdId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(HouseholdMembers::PersonId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(HouseholdMembers::Relation)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(HouseholdMembers::GuardianOf)
                .big_integer()
                .null(),
        )
        .primary_key(
            Index::create()
                .col(HouseholdMembers::HouseholdId)
                .col(HouseholdMembers::PersonId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(HouseholdMembers::Table, HouseholdMembers::HouseholdId)
                .to(Households::Table, Households::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(HouseholdMembers::Table, HouseholdMembers::PersonId)
                .to(People::Table, People::Id),
        )
        .to_owned();
    let members_person = Index::create()
        .name("household_members_person")
        .table(HouseholdMembers::Table)
        .col(HouseholdMembers::PersonId)
        .to_owned();

    vec![
        people.build_any(b),
        // One living record per ID number; deleted and merged records keep theirs for audit.
        "CREATE UNIQUE INDEX people_id_index ON people (id_index) WHERE deleted_at IS NULL"
            .to_owned(),
        // Lists walk this index in order (by unit, newest first) and stop after a page.
        "CREATE INDEX people_living_unit ON people (unit_code, id) WHERE deleted_at IS NULL".to_owned(),
        // Living people per unit, kept by `people.rs` in the same transaction as every change,
        // so the unfiltered list of a district of a million does not count a million rows.
        "CREATE TABLE unit_people (unit_code VARCHAR(12) NOT NULL PRIMARY KEY, living BIGINT NOT NULL)".to_owned(),
        people_phone.build_any(b),
        people_birth.build_any(b),
        without_rowid(tags.build_any(b), engine),
        tags_tag.build_any(b),
        without_rowid(terms, engine),
        terms_person.build_any(b),
        households.build_any(b),
        members.build_any(b),
        members_person.build_any(b),
    ]
}
