//! Migration 16, awards (评选表彰): yearly campaigns of an award with their quotas and public
//! notice, the nominations units make (a registry person or an enterprise), the reviewers'
//! votes, and the objections the public makes during the notice.
//!
//! A nomination carries the nominating unit that scopes it; its deeds and every objection's
//! text and contact arrive sealed. A nominee is nominated once per campaign (two unique indexes:
//! NULLs do not collide on either engine).

use super::rowid;
use super::tables::{
    AwardCampaigns, AwardNominations, AwardObjections, AwardVotes, Enterprises, People, Units,
    Users,
};
use crate::Engine;
use sea_query::{ColumnDef, ForeignKey, Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let campaigns = Table::create()
        .table(AwardCampaigns::Table)
        .col(
            rowid(&mut ColumnDef::new(AwardCampaigns::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::Award)
                .string_len(40)
                .not_null(),
        )
        .col(ColumnDef::new(AwardCampaigns::Year).integer().not_null())
        .col(
            ColumnDef::new(AwardCampaigns::Title)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::UnitCode)
                .string_len(12)
                .not_null(),
        )
        // {"UNIT_CODE": N, …} as JSON text: read whole, never queried by a key.
        .col(ColumnDef::new(AwardCampaigns::Quotas).text().not_null())
        .col(
            ColumnDef::new(AwardCampaigns::NoticeDays)
                .integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::NominationsUntil)
                .string_len(10)
                .null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::NoticeKey)
                .string_len(64)
                .null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::PublishedOn)
                .string_len(10)
                .null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::NoticeUntil)
                .string_len(10)
                .null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::FinalizedAt)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardCampaigns::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardCampaigns::Table, AwardCampaigns::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .to_owned();
    let campaigns_key = Index::create()
        .name("award_campaigns_notice_key")
        .table(AwardCampaigns::Table)
        .col(AwardCampaigns::NoticeKey)
        .unique()
        .to_owned();

    let nominations = Table::create()
        .table(AwardNominations::Table)
        .col(
            rowid(&mut ColumnDef::new(AwardNominations::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(AwardNominations::CampaignId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardNominations::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardNominations::PersonId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardNominations::EnterpriseId)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardNominations::DeedsCipher)
                .binary()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardNominations::Status)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardNominations::CreatedBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardNominations::CreatedAt)
                .big_integer()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardNominations::Table, AwardNominations::CampaignId)
                .to(AwardCampaigns::Table, AwardCampaigns::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardNominations::Table, AwardNominations::UnitCode)
                .to(Units::Table, Units::Code),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardNominations::Table, AwardNominations::PersonId)
                .to(People::Table, People::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardNominations::Table, AwardNominations::EnterpriseId)
                .to(Enterprises::Table, Enterprises::Id),
        )
        .to_owned();
    let person_once = Index::create()
        .name("award_nominations_person_once")
        .table(AwardNominations::Table)
        .col(AwardNominations::CampaignId)
        .col(AwardNominations::PersonId)
        .unique()
        .to_owned();
    let enterprise_once = Index::create()
        .name("award_nominations_enterprise_once")
        .table(AwardNominations::Table)
        .col(AwardNominations::CampaignId)
        .col(AwardNominations::EnterpriseId)
        .unique()
        .to_owned();
    let nominations_unit = Index::create()
        .name("award_nominations_unit")
        .table(AwardNominations::Table)
        .col(AwardNominations::UnitCode)
        .to_owned();

    let votes = Table::create()
        .table(AwardVotes::Table)
        .col(
            rowid(&mut ColumnDef::new(AwardVotes::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(AwardVotes::CampaignId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardVotes::NominationId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardVotes::ReviewerId)
                .big_integer()
                .not_null(),
        )
        .col(ColumnDef::new(AwardVotes::Vote).string_len(10).not_null())
        .col(ColumnDef::new(AwardVotes::VotedAt).big_integer().not_null())
        .foreign_key(
            ForeignKey::create()
                .from(AwardVotes::Table, AwardVotes::NominationId)
                .to(AwardNominations::Table, AwardNominations::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardVotes::Table, AwardVotes::ReviewerId)
                .to(Users::Table, Users::Id),
        )
        .to_owned();
    // One vote per reviewer and nomination: voting again changes it.
    let vote_once = Index::create()
        .name("award_votes_once")
        .table(AwardVotes::Table)
        .col(AwardVotes::NominationId)
        .col(AwardVotes::ReviewerId)
        .unique()
        .to_owned();

    let objections = Table::create()
        .table(AwardObjections::Table)
        .col(
            rowid(&mut ColumnDef::new(AwardObjections::Id), engine)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(AwardObjections::CampaignId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardObjections::NominationId)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardObjections::UnitCode)
                .string_len(12)
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardObjections::TextCipher)
                .binary()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardObjections::ContactCipher)
                .binary()
                .null(),
        )
        .col(
            ColumnDef::new(AwardObjections::ReceivedAt)
                .big_integer()
                .not_null(),
        )
        .col(
            ColumnDef::new(AwardObjections::Outcome)
                .string_len(20)
                .null(),
        )
        .col(ColumnDef::new(AwardObjections::NoteCipher).binary().null())
        .col(
            ColumnDef::new(AwardObjections::HandledBy)
                .big_integer()
                .null(),
        )
        .col(
            ColumnDef::new(AwardObjections::HandledAt)
                .big_integer()
                .null(),
        )
        .foreign_key(
            ForeignKey::create()
                .from(AwardObjections::Table, AwardObjections::NominationId)
                .to(AwardNominations::Table, AwardNominations::Id),
        )
        .to_owned();
    let objections_campaign = Index::create()
        .name("award_objections_campaign")
        .table(AwardObjections::Table)
        .col(AwardObjections::CampaignId)
        .to_owned();

    vec![
        campaigns.build_any(b),
        campaigns_key.build_any(b),
        nominations.build_any(b),
        person_once.build_any(b),
        enterprise_once.build_any(b),
        nominations_unit.build_any(b),
        votes.build_any(b),
        vote_once.build_any(b),
        objections.build_any(b),
        objections_campaign.build_any(b),
    ]
}
