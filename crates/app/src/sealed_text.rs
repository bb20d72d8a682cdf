//! Free text at rest: the notes, outcomes, findings and briefing texts of every module are
//! stored sealed (AES-GCM, bound to the field and the record id), like case narratives. A row
//! type implements [`SealedText`]: `sealed` is the row as written (each text moved into its
//! sealed column, the plain column left empty), `opened` the row as shown. Rows written before
//! their field was sealed have no sealed column yet and keep their plain text until re-saved.

use crate::crypto::FieldCipher;
use crate::AppError;

pub(crate) trait SealedText: Sized {
    /// The row as stored: no personal free text in a plain column.
    fn sealed(self, cipher: &FieldCipher) -> Self;
    /// The row as read: the sealed texts opened into their plain fields.
    fn opened(self, cipher: &FieldCipher) -> Result<Self, AppError>;
}

/// Implements [`SealedText`] for a row type from its sealed fields, each written as
/// `optional plain => sealed, "context"` (an `Option<String>` field) or
/// `required plain => sealed, "context"` (a NOT NULL `String`), the context naming table and field.
/// The record id (`self.id`) binds every ciphertext to its row.
macro_rules! sealed_text {
    ($row:ty { $($kind:ident $plain:ident => $sealed:ident, $context:expr;)+ }) => {
        impl $crate::sealed_text::SealedText for $row {
            fn sealed(mut self, cipher: &$crate::crypto::FieldCipher) -> Self {
                let id = self.id;
                $(sealed_text!(@seal $kind, cipher, self.$plain, self.$sealed, $context, id);)+
                self
            }

            fn opened(
                mut self,
                cipher: &$crate::crypto::FieldCipher,
            ) -> Result<Self, $crate::AppError> {
                let id = self.id;
                $(
                    let sealed = self.$sealed.as_deref();
                    if let Some(text) = $crate::sealed_text::open_into(cipher, sealed, $context, id)? {
                        sealed_text!(@set $kind, self.$plain, text);
                    }
                )+
                Ok(self)
            }
        }
    };
    (@seal optional, $cipher:ident, $plain:expr, $sealed:expr, $context:expr, $id:ident) => {
        $crate::sealed_text::seal_optional($cipher, &mut $plain, &mut $sealed, $context, $id)
    };
    (@seal required, $cipher:ident, $plain:expr, $sealed:expr, $context:expr, $id:ident) => {
        $crate::sealed_text::seal_required($cipher, &mut $plain, &mut $sealed, $context, $id)
    };
    (@set optional, $plain:expr, $text:ident) => {
        $plain = Some($text)
    };
    (@set required, $plain:expr, $text:ident) => {
        $plain = $text
    };
}
pub(crate) use sealed_text;

/// Opens each row of a list.
pub(crate) fn opened_all<R: SealedText>(
    rows: Vec<R>,
    cipher: &FieldCipher,
) -> Result<Vec<R>, AppError> {
    rows.into_iter().map(|r| r.opened(cipher)).collect()
}

/// Seals an optional text: the sealed column holds it, the plain column nothing.
pub(crate) fn seal_optional(
    cipher: &FieldCipher,
    plain: &mut Option<String>,
    sealed: &mut Option<Vec<u8>>,
    context: &str,
    record_id: i64,
) {
    *sealed = plain
        .take()
        .map(|text| cipher.seal(&text, context, record_id));
}

/// Seals a required text: the plain column keeps an empty string (it is NOT NULL).
pub(crate) fn seal_required(
    cipher: &FieldCipher,
    plain: &mut String,
    sealed: &mut Option<Vec<u8>>,
    context: &str,
    record_id: i64,
) {
    *sealed = Some(cipher.seal(&std::mem::take(plain), context, record_id));
}

/// Opens a sealed text into its plain field; a row without one keeps the plain text it had.
pub(crate) fn open_into(
    cipher: &FieldCipher,
    sealed: Option<&[u8]>,
    context: &str,
    record_id: i64,
) -> Result<Option<String>, AppError> {
    sealed
        .map(|blob| cipher.open(blob, context, record_id))
        .transpose()
        .map_err(|_| {
            AppError::Internal(format!(
                "{context} of record {record_id} cannot be opened: wrong key, or moved from another record"
            ))
        })
}
