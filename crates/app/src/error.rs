//! One error type for every use case. Variants carry a stable snake_case code (the message key
//! of the web layer's message files) and the field it concerns — never a formatted sentence.

use jinguo_db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthorized,
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("account locked until {until_ms}")]
    AccountLocked { until_ms: i64 },
    #[error("account disabled")]
    AccountDisabled,
    /// An account whose role grant waits for a second security administrator's approval.
    #[error("account awaiting approval")]
    AwaitingApproval,
    /// Too many failed sign-ins from the client's address (429), until then.
    #[error("too many sign-in attempts from this address until {until_ms}")]
    TooManyAttempts { until_ms: i64 },
    /// An administrator reset the password: the user must choose a new one first (403).
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    #[error("not allowed for this role")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        field: Option<&'static str>,
        detail: Option<String>,
    },
    #[error("invalid {field:?}: {code}")]
    Invalid {
        code: &'static str,
        field: Option<String>,
        detail: Option<String>,
    },
    /// An upload over its size limit (413); `limit` as the user reads it, e.g. "10 MB".
    #[error("{field} over the limit of {limit}")]
    TooLarge { field: &'static str, limit: String },
    /// An upload of a refused type (415); `allowed` lists the accepted ones.
    #[error("{field} of a refused type; allowed: {allowed}")]
    UnsupportedType {
        field: &'static str,
        allowed: String,
    },
    /// A public form used more often than its limit allows (429).
    #[error("too many requests")]
    TooManyRequests,
    #[error("{} line(s) rejected", problems.len())]
    Rejected { problems: Vec<LineProblem> },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("internal: {0}")]
    Internal(String),
}

/// One refused line of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based line (row) number as the user sees it in the file.
    pub line: usize,
    pub code: &'static str,
    pub detail: String,
}

impl AppError {
    /// A conflict with what is stored (409) that names no field.
    pub fn conflict(code: &'static str) -> AppError {
        AppError::Conflict {
            code,
            field: None,
            detail: None,
        }
    }

    pub fn invalid(field: &str, code: &'static str) -> AppError {
        AppError::Invalid {
            code,
            field: Some(field.to_owned()),
            detail: None,
        }
    }

    pub fn invalid_detail(field: &str, code: &'static str, detail: impl Into<String>) -> AppError {
        AppError::Invalid {
            code,
            field: Some(field.to_owned()),
            detail: Some(detail.into()),
        }
    }

    /// The stable code of this error (also its message key).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::AccountLocked { .. } => "account_locked",
            AppError::AccountDisabled => "account_disabled",
            AppError::AwaitingApproval => "account_awaiting_approval",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict { code, .. } | AppError::Invalid { code, .. } => code,
            AppError::Rejected { .. } => "import_rejected",
            AppError::TooLarge { .. } => "file_too_large",
            AppError::UnsupportedType { .. } => "file_type_refused",
            AppError::TooManyRequests => "too_many_requests",
            AppError::Db(_) | AppError::Internal(_) => "internal_error",
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Conflict { field, .. } => *field,
            AppError::Invalid { field, .. } => field.as_deref(),
            AppError::TooLarge { field, .. } | AppError::UnsupportedType { field, .. } => {
                Some(field)
            }
            _ => None,
        }
    }
}

/// A store write refused by a unique constraint is the conflict it means to the user (realworld's
/// `on_constraint`): `insert(..).await.on_unique("username_taken", "username")?`.
pub(crate) trait OnUnique<T> {
    fn on_unique(self, code: &'static str, field: &'static str) -> Result<T, AppError>;
}

impl<T> OnUnique<T> for Result<T, DbError> {
    fn on_unique(self, code: &'static str, field: &'static str) -> Result<T, AppError> {
        self.map_err(|e| {
            if e.is_unique_violation() {
                AppError::Conflict {
                    code,
                    field: Some(field),
                    detail: None,
                }
            } else {
                e.into()
            }
        })
    }
}
