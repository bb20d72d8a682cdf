//! Migration 16, awards (评选表彰): yearly campaigns of an award with their quotas and public
//! notice, the nominations units make (a registry person or an enterprise), the reviewers'
//! votes, and the objections the public makes during the notice.
//!
//! A nomination carries the nominating unit that scopes it; its deeds and every objection's
//! text and contact arrive sealed. A nominee is nominated once per campaign (two unique indexes:
//! NULLs do not collide on either engine).

use super::columns::{
    big_integer, big_integer_null, binary, binary_null, id, integer, string, string_null, text,
    ForeignKeys,
};
use super::tables::{
    AwardCampaigns, AwardNominations, AwardObjections, AwardVotes, Enterprises, People, Units,
    Users,
};
use crate::Engine;
use sea_query::{Index, SchemaBuilder, Table};

pub(super) fn statements(b: &dyn SchemaBuilder, engine: Engine) -> Vec<String> {
    let campaigns = Table::create()
        .table(AwardCampaigns::Table)
        .col(id(AwardCampaigns::Id, engine))
        .col(string(AwardCampaigns::Award, 40))
        .col(integer(AwardCampaigns::Year))
        .col(string(AwardCampaigns::Title, 200))
        .col(string(AwardCampaigns::UnitCode, 12))
        // {"UNIT_CODE": N, …} as JSON text: read whole, never queried by a key.
        .col(text(AwardCampaigns::Quotas))
        .col(integer(AwardCampaigns::NoticeDays))
        .col(string_null(AwardCampaigns::NominationsUntil, 10))
        .col(string_null(AwardCampaigns::NoticeKey, 64))
        .col(string_null(AwardCampaigns::PublishedOn, 10))
        .col(string_null(AwardCampaigns::NoticeUntil, 10))
        .col(big_integer_null(AwardCampaigns::FinalizedAt))
        .col(big_integer_null(AwardCampaigns::CreatedBy))
        .col(big_integer(AwardCampaigns::CreatedAt))
        .references(AwardCampaigns::UnitCode, Units::Table, Units::Code)
        .to_owned();
    let campaigns_key = Index::create()
        .name("award_campaigns_notice_key")
        .table(AwardCampaigns::Table)
        .col(AwardCampaigns::NoticeKey)
        .unique()
        .to_owned();

    let nominations = Table::create()
        .table(AwardNominations::Table)
        .col(id(AwardNominations::Id, engine))
        .col(big_integer(AwardNominations::CampaignId))
        .col(string(AwardNominations::UnitCode, 12))
        .col(big_integer_null(AwardNominations::PersonId))
        .col(big_integer_null(AwardNominations::EnterpriseId))
        .col(binary(AwardNominations::DeedsCipher))
        .col(string(AwardNominations::Status, 20))
        .col(big_integer_null(AwardNominations::CreatedBy))
        .col(big_integer(AwardNominations::CreatedAt))
        .references(
            AwardNominations::CampaignId,
            AwardCampaigns::Table,
            AwardCampaigns::Id,
        )
        .references(AwardNominations::UnitCode, Units::Table, Units::Code)
        .references(AwardNominations::PersonId, People::Table, People::Id)
        .references(
            AwardNominations::EnterpriseId,
            Enterprises::Table,
            Enterprises::Id,
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
        .col(id(AwardVotes::Id, engine))
        .col(big_integer(AwardVotes::CampaignId))
        .col(big_integer(AwardVotes::NominationId))
        .col(big_integer(AwardVotes::ReviewerId))
        .col(string(AwardVotes::Vote, 10))
        .col(big_integer(AwardVotes::VotedAt))
        .references(
            AwardVotes::NominationId,
            AwardNominations::Table,
            AwardNominations::Id,
        )
        .references(AwardVotes::ReviewerId, Users::Table, Users::Id)
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
        .col(id(AwardObjections::Id, engine))
        .col(big_integer(AwardObjections::CampaignId))
        .col(big_integer(AwardObjections::NominationId))
        .col(string(AwardObjections::UnitCode, 12))
        .col(binary(AwardObjections::TextCipher))
        .col(binary_null(AwardObjections::ContactCipher))
        .col(big_integer(AwardObjections::ReceivedAt))
        .col(string_null(AwardObjections::Outcome, 20))
        .col(binary_null(AwardObjections::NoteCipher))
        .col(big_integer_null(AwardObjections::HandledBy))
        .col(big_integer_null(AwardObjections::HandledAt))
        .references(
            AwardObjections::NominationId,
            AwardNominations::Table,
            AwardNominations::Id,
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
