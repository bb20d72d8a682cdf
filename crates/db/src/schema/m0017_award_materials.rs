//! Migration 17, a nomination's materials (推荐材料: a CV, the deeds as a document, photos): each
//! row a file kept encrypted under the data directory, its name sealed in `file_name`, scoped by
//! the nominating unit.

use super::columns::{big_integer, big_integer_null, id, string, text, ForeignKeys};
use super::tables::{AwardMaterials, AwardNominations};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let materials = Table::create()
        .table(AwardMaterials::Table)
        .col(id(AwardMaterials::Id, engine))
        .col(big_integer(AwardMaterials::NominationId))
        .col(big_integer(AwardMaterials::CampaignId))
        .col(string(AwardMaterials::UnitCode, 12))
        .col(text(AwardMaterials::FileName))
        .col(string(AwardMaterials::ContentType, 100))
        .col(big_integer(AwardMaterials::Size))
        .col(string(AwardMaterials::Sha256, 64))
        .col(big_integer_null(AwardMaterials::UploadedBy))
        .col(big_integer(AwardMaterials::UploadedAt))
        .references(
            AwardMaterials::NominationId,
            AwardNominations::Table,
            AwardNominations::Id,
        )
        .to_owned();
    let by_nomination = Index::create()
        .name("award_materials_nomination")
        .table(AwardMaterials::Table)
        .col(AwardMaterials::NominationId)
        .to_owned();
    vec![materials.build_any(b), by_nomination.build_any(b)]
}
