//! Who may do what with cases: the role checks, and the visibility every read goes through.

use super::*;

pub(crate) fn require_handler_role(caller: &Caller) -> Result<(), AppError> {
    if caller.role.handles_cases() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The cases the caller may open (see `Visibility::records`); none for a role that reads no cases.
pub(crate) fn visibility(caller: &Caller) -> Result<Visibility, AppError> {
    if !caller.role.reads_cases() {
        return Err(AppError::Forbidden);
    }
    Ok(Visibility::records(&caller.scope()))
}

/// Narratives and notes are for the people doing the casework, not the IT administrator.
pub(super) fn reads_narratives(caller: &Caller) -> bool {
    caller.role.handles_cases()
}
