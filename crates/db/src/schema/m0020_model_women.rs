//! Migration 20, model women (典型): a profile of a registry woman or of an enterprise's
//! entrepreneur with her story (sealed), the photos kept encrypted under the data directory, and
//! each publication of her story (a newspaper, the website, an exchange meeting — an event of
//! its own kind). Every row carries the profile's unit, which scopes it.

use super::rowid;
use super::tables::{
    Enterprises, Events, ModelWomanPhotos, ModelWomanPublications, ModelWomen, People,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let profiles = Table::create()
        .table(ModelWomen::Table)
        .col(
            rowid(&mut ColumnDef::new(ModelWomen::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ModelWomen::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(ColumnDef::new(ModelWomen::PersonId).big_integer().null())
        .col(
            ColumnDef::new(ModelWomen::EnterpriseId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ModelWomen::Headline)
                .string_len(200)
                .not_null(),
        )
        .col(ColumnDef::new(ModelWomen::StoryCipher).binary().not_null())
        .col(ColumnDef::new(ModelWomen::CreatedBy).big_integer().null())
        .col(
            ColumnDef::new(ModelWomen::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomen::UpdatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ModelWomen::Table, ModelWomen::PersonId)
                .to(People::Table, People::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ModelWomen::Table, ModelWomen::EnterpriseId)
                .to(Enterprises::Table, Enterprises::Id),
        )
        .to_owned();
    // One profile per woman and per enterprise (NULLs do not collide on either engine).
    let one_per_person = Index::create()
        .name("model_women_person")
        .table(ModelWomen::Table)
        .col(ModelWomen::PersonId)
        .unique()
        .to_owned();
    let one_per_enterprise = Index::create()
        .name("model_women_enterprise")
        .table(ModelWomen::Table)
        .col(ModelWomen::EnterpriseId)
        .unique()
        .to_owned();
    let by_unit = Index::create()
        .name("model_women_unit")
        .table(ModelWomen::Table)
        .col(ModelWomen::UnitCode)
        .to_owned();
    let publications = Table::create()
        .table(ModelWomanPublications::Table)
        .col(
            rowid(&mut ColumnDef::new(ModelWomanPublications::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::ProfileId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::Channel)
                .string_len(40)
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::Outlet)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::PublishedOn)
                .string_len(10)
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::EventId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ModelWomanPublications::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    ModelWomanPublications::Table,
                    ModelWomanPublications::ProfileId,
                )
                .to(ModelWomen::Table, ModelWomen::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    ModelWomanPublications::Table,
                    ModelWomanPublications::EventId,
                )
                .to(Events::Table, Events::Id),
        )
        .to_owned();
    let publications_by_profile = Index::create()
        .name("model_woman_publications_profile")
        .table(ModelWomanPublications::Table)
        .col(ModelWomanPublications::ProfileId)
        .to_owned();
    let photos = Table::create()
        .table(ModelWomanPhotos::Table)
        .col(
            rowid(&mut ColumnDef::new(ModelWomanPhotos::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(ModelWomanPhotos::ProfileId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPhotos::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(ColumnDef::new(ModelWomanPhotos::FileName).text().not_null())
        .col(
            ColumnDef::new(ModelWomanPhotos::ContentType)
                .string_len(100)
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPhotos::Size)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPhotos::Sha256)
                .string_len(64)
                .not_null(),
        )
        .col(
            ColumnDef::new(ModelWomanPhotos::UploadedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(ModelWomanPhotos::UploadedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ModelWomanPhotos::Table, ModelWomanPhotos::ProfileId)
                .to(ModelWomen::Table, ModelWomen::Id),
        )
        .to_owned();
    let photos_by_profile = Index::create()
        .name("model_woman_photos_profile")
        .table(ModelWomanPhotos::Table)
        .col(ModelWomanPhotos::ProfileId)
        .to_owned();
    vec![
        profiles.build_any(b),
        one_per_person.build_any(b),
        one_per_enterprise.build_any(b),
        by_unit.build_any(b),
        publications.build_any(b),
        publications_by_profile.build_any(b),
        photos.build_any(b),
        photos_by_profile.build_any(b),
    ]
}
