//! Migration 20, model women (典型): a profile of a registry woman or of an enterprise's
//! entrepreneur with her story (sealed), the photos kept encrypted under the data directory, and
//! each publication of her story (a newspaper, the website, an exchange meeting — an event of
//! its own kind). Every row carries the profile's unit, which scopes it.

use super::columns::{big_integer, big_integer_null, binary, id, string, text, ForeignKeys};
use super::tables::{
    Enterprises, Events, ModelWomanPhotos, ModelWomanPublications, ModelWomen, People,
};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let profiles = Table::create()
        .table(ModelWomen::Table)
        .col(id(ModelWomen::Id, engine))
        .col(string(ModelWomen::UnitCode, 12))
        .col(big_integer_null(ModelWomen::PersonId))
        .col(big_integer_null(ModelWomen::EnterpriseId))
        .col(string(ModelWomen::Headline, 200))
        .col(binary(ModelWomen::StoryCipher))
        .col(big_integer_null(ModelWomen::CreatedBy))
        .col(big_integer(ModelWomen::CreatedAt))
        .col(big_integer(ModelWomen::UpdatedAt))
        .references(ModelWomen::PersonId, People::Table, People::Id)
        .references(
            ModelWomen::EnterpriseId,
            Enterprises::Table,
            Enterprises::Id,
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
        .col(id(ModelWomanPublications::Id, engine))
        .col(big_integer(ModelWomanPublications::ProfileId))
        .col(string(ModelWomanPublications::UnitCode, 12))
        .col(string(ModelWomanPublications::Channel, 40))
        .col(string(ModelWomanPublications::Outlet, 200))
        .col(string(ModelWomanPublications::PublishedOn, 10))
        .col(big_integer_null(ModelWomanPublications::EventId))
        .col(big_integer_null(ModelWomanPublications::CreatedBy))
        .col(big_integer(ModelWomanPublications::CreatedAt))
        .references(
            ModelWomanPublications::ProfileId,
            ModelWomen::Table,
            ModelWomen::Id,
        )
        .references(ModelWomanPublications::EventId, Events::Table, Events::Id)
        .to_owned();
    let publications_by_profile = Index::create()
        .name("model_woman_publications_profile")
        .table(ModelWomanPublications::Table)
        .col(ModelWomanPublications::ProfileId)
        .to_owned();
    let photos = Table::create()
        .table(ModelWomanPhotos::Table)
        .col(id(ModelWomanPhotos::Id, engine))
        .col(big_integer(ModelWomanPhotos::ProfileId))
        .col(string(ModelWomanPhotos::UnitCode, 12))
        .col(text(ModelWomanPhotos::FileName))
        .col(string(ModelWomanPhotos::ContentType, 100))
        .col(big_integer(ModelWomanPhotos::Size))
        .col(string(ModelWomanPhotos::Sha256, 64))
        .col(big_integer_null(ModelWomanPhotos::UploadedBy))
        .col(big_integer(ModelWomanPhotos::UploadedAt))
        .references(
            ModelWomanPhotos::ProfileId,
            ModelWomen::Table,
            ModelWomen::Id,
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
