//! The tables and their columns, as sea-query names: what the migrations create and the
//! queries read, spelt once. A column added by a later migration is listed with its table.

use sea_query::Iden;

#[derive(Iden)]
pub(crate) enum Units {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum Departments {
    Table,
    Code,
    NameZh,
    NameEn,
    Sort,
}

#[derive(Iden)]
pub(crate) enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    Role,
    UnitCode,
    DepartmentCode,
    PasswordHash,
    Disabled,
    FailedLogins,
    LockedUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum Sessions {
    Table,
    IdHash,
    UserId,
    CsrfToken,
    CreatedAt,
    LastSeen,
    Ip,
    UserAgent,
}

#[derive(Iden)]
pub(crate) enum ApiTokens {
    Table,
    Id,
    UserId,
    Label,
    TokenHash,
    CreatedAt,
    LastUsed,
    Revoked,
    ExpiresAt,
}

#[derive(Iden)]
pub(crate) enum AuditEvents {
    Table,
    Seq,
    At,
    ActorId,
    Actor,
    Ip,
    Action,
    Entity,
    EntityId,
    UnitCode,
    Detail,
    PrevHash,
    Hash,
}

#[derive(Iden)]
pub(crate) enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

#[derive(Iden)]
pub(crate) enum IdWriters {
    Table,
    Writer,
    Holder,
    ExpiresAt,
    LastSecond,
}

#[derive(Iden)]
pub(crate) enum Holidays {
    Table,
    Day,
    Kind,
    Name,
}

#[derive(Iden)]
pub(crate) enum Settings {
    Table,
    Key,
    Value,
}

#[derive(Iden)]
pub(crate) enum People {
    Table,
    Id,
    Name,
    Sex,
    BirthDate,
    BirthYear,
    UnitCode,
    IdCipher,
    IdMasked,
    IdIndex,
    PhoneCipher,
    PhoneMasked,
    PhoneIndex,
    AddressCipher,
    NotesCipher,
    Ethnicity,
    Education,
    MaritalStatus,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    MergedInto,
}

#[derive(Iden)]
pub(crate) enum PersonTags {
    Table,
    PersonId,
    Tag,
}

#[derive(Iden)]
pub(crate) enum PersonTerms {
    Table,
    Term,
    UnitCode,
    PersonId,
}

#[derive(Iden)]
pub(crate) enum Households {
    Table,
    Id,
    UnitCode,
    Name,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum HouseholdMembers {
    Table,
    HouseholdId,
    PersonId,
    Relation,
    GuardianOf,
}

/// A child's guardian (migration 12): a registry person, or a named guardian whose name and
/// phone are sealed.
#[derive(Iden)]
pub(crate) enum ChildGuardians {
    Table,
    Id,
    ChildId,
    GuardianPersonId,
    NameCipher,
    PhoneCipher,
    PhoneMasked,
    Relation,
    CreatedAt,
}

/// A guardian's consent to the child's record (PIPL art. 31), migration 12.
#[derive(Iden)]
pub(crate) enum ChildConsents {
    Table,
    Id,
    ChildId,
    GivenByCipher,
    GivenOn,
    RecordedBy,
    RecordedAt,
}

#[derive(Iden)]
pub(crate) enum Cases {
    Table,
    Id,
    Code,
    Kind,
    Channel,
    Category,
    Urgency,
    Status,
    Restricted,
    UnitCode,
    HandlerId,
    EnterpriseId,
    EnterpriseName,
    CallerNameCipher,
    CallerPhoneCipher,
    CallerPhoneMasked,
    NarrativeCipher,
    OutcomeCipher,
    Satisfaction,
    RiskCipher,
    RiskScore,
    RiskLevel,
    LacksCapacity,
    MandatoryReport,
    ReportRecipient,
    ReportedOn,
    StatusSince,
    DueAt,
    FollowUpDue,
    FollowedUpAt,
    ReceiptIndex,
    ReceiptPhoneIndex,
    CreatedBy,
    OpenedOn,
    CreatedAt,
    UpdatedAt,
    ClosedAt,
}

#[derive(Iden)]
pub(crate) enum CaseCounts {
    Table,
    UnitCode,
    Status,
    Category,
    Kind,
    Channel,
    Restricted,
    N,
}

#[derive(Iden)]
pub(crate) enum CasePeople {
    Table,
    CaseId,
    PersonId,
    Role,
}

#[derive(Iden)]
pub(crate) enum CaseEvents {
    Table,
    Id,
    CaseId,
    At,
    ActorId,
    Actor,
    Kind,
    FromStatus,
    ToStatus,
    BodyCipher,
    Detail,
}

#[derive(Iden)]
pub(crate) enum CaseReferrals {
    Table,
    Id,
    CaseId,
    DepartmentCode,
    RequestCipher,
    AskedAt,
    AskedBy,
    DueAt,
    AnswerCipher,
    AnsweredAt,
    AnsweredBy,
}

#[derive(Iden)]
pub(crate) enum CaseAttachments {
    Table,
    Id,
    CaseId,
    FileName,
    ContentType,
    Size,
    Sha256,
    StoredName,
    UploadedAt,
    UploadedBy,
}

#[derive(Iden)]
pub(crate) enum CaseOrders {
    Table,
    Id,
    CaseId,
    AppliedOn,
    Court,
    Status,
    DecidedOn,
    ValidUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum Briefings {
    Table,
    Id,
    Code,
    Title,
    Summary,
    Suggestion,
    Drafter,
    Signer,
    UnitCode,
    CreatedBy,
    CreatedAt,
    SentOn,
    Response,
    ResponseOn,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum BriefingItems {
    Table,
    BriefingId,
    CaseId,
    Sort,
    Heading,
    Body,
}

#[derive(Iden)]
pub(crate) enum Counters {
    Table,
    Name,
    Value,
}

#[derive(Iden)]
pub(crate) enum Enterprises {
    Table,
    Id,
    Name,
    CreditCode,
    WomenOwned,
    EntrepreneurId,
    Industry,
    Staff,
    WomenStaff,
    UnitCode,
    Address,
    ContactName,
    ContactPhoneCipher,
    ContactPhoneMasked,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum EnterpriseLeaders {
    Table,
    EnterpriseId,
    UserId,
    AssignedAt,
}

#[derive(Iden)]
pub(crate) enum EnterpriseVisits {
    Table,
    Id,
    EnterpriseId,
    VisitedOn,
    VisitorId,
    Visitor,
    Seen,
    Difficulties,
    CaseId,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum Jobs {
    Table,
    Id,
    EnterpriseId,
    Title,
    Category,
    Positions,
    Education,
    AgeMin,
    AgeMax,
    Skills,
    SalaryMin,
    SalaryMax,
    UnitCode,
    Hours,
    Terms,
    Requirements,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum Seekers {
    Table,
    Id,
    PersonId,
    Categories,
    Skills,
    Education,
    Availability,
    ExpectedPay,
    UnitCode,
    Needs,
    Status,
    Note,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum SeekerEvents {
    Table,
    Id,
    SeekerId,
    At,
    Actor,
    Kind,
    Detail,
}

#[derive(Iden)]
pub(crate) enum Recommendations {
    Table,
    Id,
    SeekerId,
    JobId,
    Score,
    Outcome,
    RecommendedBy,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum Events {
    Table,
    Id,
    Kind,
    Title,
    HeldOn,
    Place,
    UnitCode,
    Organizers,
    Partners,
    CheckinKey,
    ClosedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum EventEnterprises {
    Table,
    EventId,
    EnterpriseId,
}

#[derive(Iden)]
pub(crate) enum Checkins {
    Table,
    Id,
    EventId,
    PersonId,
    NameCipher,
    PhoneCipher,
    PhoneIndex,
    PhoneMasked,
    Sex,
    Category,
    Via,
    At,
}

#[derive(Iden)]
pub(crate) enum Agreements {
    Table,
    Id,
    EventId,
    EnterpriseId,
    PersonId,
    JobId,
    SignedOn,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum Assistance {
    Table,
    Id,
    PersonId,
    Kind,
    Provider,
    StartedOn,
    EndedOn,
    Status,
    Outcome,
    CaseId,
    UnitCode,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum Mentorships {
    Table,
    Id,
    MentorId,
    MenteeId,
    StartedOn,
    EndedOn,
    Status,
    Goal,
    UnitCode,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum MentorMeetings {
    Table,
    Id,
    MentorshipId,
    MetOn,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum EmploymentOutcomes {
    Table,
    Id,
    PersonId,
    Kind,
    OnDate,
    JobId,
    EnterpriseId,
    Source,
    Note,
    UnitCode,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum Programs {
    Table,
    Id,
    Name,
    Kind,
    UnitCode,
    Partners,
    Description,
    Rule,
    ResultReaders,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
pub(crate) enum ProgramCycles {
    Table,
    Id,
    ProgramId,
    UnitCode,
    Title,
    StartsOn,
    EndsOn,
    ReferenceDate,
    BenefitKind,
    AmountFen,
    Goods,
    AccountId,
    CreatedBy,
    CreatedAt,
    GeneratedAt,
}

#[derive(Iden)]
pub(crate) enum ProgramRoll {
    Table,
    CycleId,
    PersonId,
    UnitCode,
    Age,
    Tags,
    Status,
    GeneratedAt,
    StatusAt,
}

#[derive(Iden)]
pub(crate) enum ProgramDeliveries {
    Table,
    Id,
    CycleId,
    PersonId,
    UnitCode,
    AmountFen,
    NoteCipher,
    StillEligible,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum ScreeningResults {
    Table,
    Id,
    CycleId,
    PersonId,
    UnitCode,
    ResultCipher,
    CreatedBy,
    CreatedAt,
}

/// The follow-up an abnormal screening result opens, migration 18.
#[derive(Iden, Clone, Copy)]
pub(crate) enum ScreeningFollowUps {
    Table,
    Id,
    ResultId,
    CycleId,
    PersonId,
    UnitCode,
    DueOn,
    DoneOn,
    OutcomeCipher,
    ClosedBy,
    ClosedAt,
    CreatedAt,
}

/// A parent school (家长学校), migration 13: hosted by a street or community.
#[derive(Iden)]
pub(crate) enum ParentSchools {
    Table,
    Id,
    Name,
    UnitCode,
    HeadName,
    Place,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum ParentSchoolSessions {
    Table,
    Id,
    SchoolId,
    UnitCode,
    HeldOn,
    Topic,
    Place,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum ParentSchoolAttendance {
    Table,
    Id,
    SessionId,
    UnitCode,
    PersonId,
    NameCipher,
    Kind,
    RecordedBy,
    RecordedAt,
}

/// A volunteer paired with a child (结对帮扶), migration 13.
#[derive(Iden)]
pub(crate) enum Pairings {
    Table,
    Id,
    ChildId,
    UnitCode,
    VolunteerPersonId,
    VolunteerUserId,
    StartsOn,
    VisitEvery,
    EndedOn,
    EndReason,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum PairingVisits {
    Table,
    Id,
    PairingId,
    UnitCode,
    VisitedOn,
    How,
    NoteCipher,
    RecordedBy,
    RecordedAt,
}

/// An award's yearly campaign (评选表彰), migration 16.
#[derive(Iden)]
pub(crate) enum AwardCampaigns {
    Table,
    Id,
    Award,
    Year,
    Title,
    UnitCode,
    Quotas,
    NoticeDays,
    NominationsUntil,
    NoticeKey,
    PublishedOn,
    NoticeUntil,
    FinalizedAt,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum AwardNominations {
    Table,
    Id,
    CampaignId,
    UnitCode,
    PersonId,
    EnterpriseId,
    DeedsCipher,
    Status,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum AwardVotes {
    Table,
    Id,
    CampaignId,
    NominationId,
    ReviewerId,
    Vote,
    VotedAt,
}

#[derive(Iden)]
pub(crate) enum AwardObjections {
    Table,
    Id,
    CampaignId,
    NominationId,
    UnitCode,
    TextCipher,
    ContactCipher,
    ReceivedAt,
    Outcome,
    NoteCipher,
    HandledBy,
    HandledAt,
}

/// A nomination's materials (推荐材料), migration 17: encrypted files under the data directory.
#[derive(Iden)]
pub(crate) enum AwardMaterials {
    Table,
    Id,
    NominationId,
    CampaignId,
    UnitCode,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    UploadedAt,
}

/// Training courses (培训), migration 19: a course of a tier held by a unit for target groups.
#[derive(Iden)]
pub(crate) enum Courses {
    Table,
    Id,
    Title,
    Tier,
    UnitCode,
    Capacity,
    WaitingList,
    TargetTags,
    Organizer,
    PartnerDepartments,
    Partners,
    CompletionPermille,
    FeeFree,
    Description,
    FinishedAt,
    FinishedOn,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

/// A course's sessions (课次), each with the event whose QR check-in records attendance.
#[derive(Iden)]
pub(crate) enum CourseSessions {
    Table,
    Id,
    CourseId,
    UnitCode,
    HeldOn,
    StartsAt,
    EndsAt,
    Place,
    OnlineUrl,
    Teacher,
    Topic,
    EventId,
    CreatedAt,
}

/// Who is enrolled in a course (or waits for a place), completion and certificate.
#[derive(Iden)]
pub(crate) enum Enrollments {
    Table,
    Id,
    CourseId,
    PersonId,
    UnitCode,
    Status,
    OutsideTarget,
    ReasonCipher,
    Source,
    EnrolledAt,
    WithdrawnAt,
    Completed,
    CompletedOn,
    CertificateNumber,
    CreatedBy,
}

/// Who attended a session of a course.
#[derive(Iden)]
pub(crate) enum CourseAttendance {
    Table,
    Id,
    SessionId,
    CourseId,
    EnrollmentId,
    PersonId,
    UnitCode,
    Via,
    At,
    RecordedBy,
}

/// The follow-up call six months after completion, where employment records tell nothing.
#[derive(Iden)]
pub(crate) enum TrainingFollowUps {
    Table,
    Id,
    EnrollmentId,
    CourseId,
    PersonId,
    UnitCode,
    CalledOn,
    Result,
    NoteCipher,
    CreatedBy,
    CreatedAt,
}

/// Model women (典型), migration 20: a profile of a registry woman or an enterprise's
/// entrepreneur, her story sealed.
#[derive(Iden)]
pub(crate) enum ModelWomen {
    Table,
    Id,
    UnitCode,
    PersonId,
    EnterpriseId,
    Headline,
    StoryCipher,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

/// Where and when a model woman's story ran, migration 20.
#[derive(Iden)]
pub(crate) enum ModelWomanPublications {
    Table,
    Id,
    ProfileId,
    UnitCode,
    Channel,
    Outlet,
    PublishedOn,
    EventId,
    CreatedBy,
    CreatedAt,
}

/// A model woman's photos, migration 20: encrypted files under the data directory.
#[derive(Iden)]
pub(crate) enum ModelWomanPhotos {
    Table,
    Id,
    ProfileId,
    UnitCode,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    UploadedAt,
}

/// Funds (资金与捐赠), migration 21: accounts with their running balance, external parties,
/// journal entries and their lines, donations with their receipts' yearly counters, campaigns and
/// the acknowledgements (encrypted files) of transfers.
#[derive(Iden)]
pub(crate) enum FundAccounts {
    Table,
    Id,
    UnitCode,
    Name,
    Kind,
    BalanceFen,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FundParties {
    Table,
    Id,
    UnitCode,
    Name,
    Kind,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FundEntries {
    Table,
    Id,
    UnitCode,
    Kind,
    OnDate,
    AmountFen,
    MemoCipher,
    ReversesId,
    CycleId,
    DeliveryId,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FundLines {
    Table,
    Id,
    EntryId,
    UnitCode,
    OnDate,
    AccountId,
    PartyId,
    PersonId,
    AmountFen,
}

#[derive(Iden)]
pub(crate) enum FundDonations {
    Table,
    Id,
    EntryId,
    UnitCode,
    AccountId,
    PartyId,
    AmountFen,
    InKind,
    GoodsCipher,
    ReceivedOn,
    ShowName,
    ReceiptYear,
    ReceiptNumber,
    VoidedBy,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FundReceiptCounters {
    Table,
    UnitCode,
    Year,
    LastSeq,
}

#[derive(Iden)]
pub(crate) enum FundCampaigns {
    Table,
    Id,
    UnitCode,
    AccountId,
    Title,
    StartsOn,
    EndsOn,
    TargetFen,
    CreatedBy,
    CreatedAt,
}

#[derive(Iden)]
pub(crate) enum FundFiles {
    Table,
    Id,
    EntryId,
    UnitCode,
    FileName,
    ContentType,
    Size,
    Sha256,
    UploadedBy,
    UploadedAt,
}
