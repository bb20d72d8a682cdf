//! Migration 17, a nomination's materials (推荐材料: a CV, the deeds as a document, photos): each
//! row a file kept encrypted under the data directory, its name sealed in `file_name`, scoped by
//! the nominating unit.

use super::rowid;
use super::tables::{AwardMaterials, AwardNominations};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let materials = Table::create()
        .table(AwardMaterials::Table)
        .col(
            rowid(&mut ColumnDef::new(AwardMaterials::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(AwardMaterials::NominationId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardMaterials::CampaignId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardMaterials::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(ColumnDef::new(AwardMaterials::FileName).text().not_null())
        .col(
            ColumnDef::new(AwardMaterials::ContentType)
                .string_len(100)
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardMaterials::Size)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardMaterials::Sha256)
                .string_len(64)
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardMaterials::UploadedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardMaterials::UploadedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardMaterials::Table, AwardMaterials::NominationId)
                .to(AwardNominations::Table, AwardNominations::Id),
        )
        .to_owned();
    let by_nomination = Index::create()
        .name("award_materials_nomination")
        .table(AwardMaterials::Table)
        .col(AwardMaterials::NominationId)
        .to_owned();
    vec![materials.build_any(b), by_nomination.build_any(b)]
}
