//! Migration 2, people: persons, tags, search terms, households.

use super::columns::{
    big_integer, big_integer_null, binary, binary_null, id, string, string_null, string_unbounded,
    string_unbounded_null, ForeignKeys,
};
use super::tables::{HouseholdMembers, Households, People, PersonTags, PersonTerms, Units};
use super::without_rowid;
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let people = Table::create()
        .table(People::Table)
        .col(id(People::Id, engine))
        .col(string_unbounded(People::Name))
        .col(string(People::Sex, 8))
        .col(string(People::BirthDate, 10))
        .col(string(People::UnitCode, 12))
        .col(binary(People::IdCipher))
        .col(string(People::IdMasked, 18))
        .col(string(People::IdIndex, 64))
        .col(binary_null(People::PhoneCipher))
        .col(string_null(People::PhoneMasked, 20))
        .col(string_null(People::PhoneIndex, 64))
        .col(binary_null(People::AddressCipher))
        .col(binary_null(People::NotesCipher))
        .col(string_unbounded_null(People::Ethnicity))
        .col(string_unbounded_null(People::Education))
        .col(string_unbounded_null(People::MaritalStatus))
        .col(big_integer(People::CreatedAt))
        .col(big_integer(People::UpdatedAt))
        .col(big_integer_null(People::DeletedAt))
        .col(big_integer_null(People::MergedInto))
        .references(People::UnitCode, Units::Table, Units::Code)
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
        .col(big_integer(PersonTags::PersonId))
        .col(string(PersonTags::Tag, 40))
        .primary_key(
            Index::create()
                .col(PersonTags::PersonId)
                .col(PersonTags::Tag),
        )
        .references(PersonTags::PersonId, People::Table, People::Id)
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
        .col(big_integer(Households::Id).primary_key())
        .col(string(Households::UnitCode, 12))
        .col(string_unbounded(Households::Name))
        .col(big_integer(Households::CreatedAt))
        .references(Households::UnitCode, Units::Table, Units::Code)
        .to_owned();
    let members = Table::create()
        .table(HouseholdMembers::Table)
        .col(big_integer(HouseholdMembers::HouseholdId))
        .col(big_integer(HouseholdMembers::PersonId))
        .col(string(HouseholdMembers::Relation, 20))
        .col(big_integer_null(HouseholdMembers::GuardianOf))
        .primary_key(
            Index::create()
                .col(HouseholdMembers::HouseholdId)
                .col(HouseholdMembers::PersonId),
        )
        .references(
            HouseholdMembers::HouseholdId,
            Households::Table,
            Households::Id,
        )
        .references(HouseholdMembers::PersonId, People::Table, People::Id)
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
