//! Model women (典型): the women whose stories the federation tells so that others follow —
//! who a profile may be about, the channels a story goes out through, and which of those are
//! the federation's own events (an experience-exchange meeting, a showcase).

use crate::employment::EventKind;

codes!(
    /// Where a story was published or told (宣传渠道).
    Channel {
        Newspaper = "newspaper",
        Television = "television",
        Website = "website",
        Wechat = "wechat",
        ExchangeMeeting = "exchange_meeting",
        Showcase = "showcase",
    }
);

impl Channel {
    /// The kind of event a telling at the federation's own gathering belongs to; media and
    /// websites have none.
    pub fn event_kind(self) -> Option<EventKind> {
        match self {
            Channel::ExchangeMeeting => Some(EventKind::ExchangeMeeting),
            Channel::Showcase => Some(EventKind::Showcase),
            Channel::Newspaper | Channel::Television | Channel::Website | Channel::Wechat => None,
        }
    }
}

/// Whom a profile is about: a woman of the registry, or the entrepreneur of an enterprise of
/// the employment register (her story is her enterprise's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Person(i64),
    Enterprise(i64),
}

/// Why a profile's subject was refused, by the field to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectError {
    /// Neither a person nor an enterprise.
    Missing,
    /// Both: a profile tells one story.
    Both,
}

impl SubjectError {
    pub fn field(self) -> &'static str {
        match self {
            SubjectError::Missing => "person_id",
            SubjectError::Both => "enterprise_id",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SubjectError::Missing => "subject_required",
            SubjectError::Both => "subject_ambiguous",
        }
    }
}

impl Subject {
    pub fn of(person_id: Option<i64>, enterprise_id: Option<i64>) -> Result<Subject, SubjectError> {
        match (person_id, enterprise_id) {
            (Some(p), None) => Ok(Subject::Person(p)),
            (None, Some(e)) => Ok(Subject::Enterprise(e)),
            (None, None) => Err(SubjectError::Missing),
            (Some(_), Some(_)) => Err(SubjectError::Both),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_about_one_woman_or_one_enterprise() {
        assert_eq!(Subject::of(Some(1), None), Ok(Subject::Person(1)));
        assert_eq!(Subject::of(None, Some(2)), Ok(Subject::Enterprise(2)));
        assert_eq!(Subject::of(None, None), Err(SubjectError::Missing));
        assert_eq!(Subject::of(Some(1), Some(2)), Err(SubjectError::Both));
        assert_eq!(SubjectError::Both.field(), "enterprise_id");
    }

    #[test]
    fn only_the_federations_gatherings_are_events() {
        assert_eq!(
            Channel::ExchangeMeeting.event_kind(),
            Some(EventKind::ExchangeMeeting)
        );
        assert_eq!(Channel::Showcase.event_kind(), Some(EventKind::Showcase));
        assert_eq!(Channel::Newspaper.event_kind(), None);
        assert_eq!(Channel::parse("wechat"), Some(Channel::Wechat));
        assert_eq!(Channel::parse("radio"), None);
    }
}
