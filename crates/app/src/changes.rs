//! A change (PATCH) is a record's input with every field optional: the fields given replace the
//! record's, the rest stay. `changes!` writes the type and its merge from one list of fields, so
//! the API takes it as it is and the use case merges it inside its transaction.

/// Replaces a field of an input with a given value: `T` fields take the value, `Option<T>` fields
/// take `Some(value)`.
pub trait Replace<V> {
    fn replace_with(&mut self, value: V);
}

impl<T> Replace<T> for T {
    fn replace_with(&mut self, value: T) {
        *self = value;
    }
}

impl<T> Replace<T> for Option<T> {
    fn replace_with(&mut self, value: T) {
        *self = Some(value);
    }
}

/// `changes! { #[schema(as = ChangeJob)] pub struct JobChanges for JobInput { title: String, … } }`
/// — each field's type is the value a client sends (`String` for an `Option<String>` input field).
macro_rules! changes {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for $input:ident {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        #[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: Option<$ty>, )*
        }

        impl $name {
            /// The input of the record after this change.
            pub fn applied_to(self, mut input: $input) -> $input {
                $(
                    if let Some(value) = self.$field {
                        $crate::changes::Replace::replace_with(&mut input.$field, value);
                    }
                )*
                input
            }
        }
    };
}

pub(crate) use changes;

/// An input field the API may leave out or send as `null`: either is the field's default
/// (`#[serde(default, deserialize_with = "crate::changes::null_as_default")]`).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + serde::Deserialize<'de>,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Default, PartialEq)]
    pub(super) struct Input {
        title: String,
        note: Option<String>,
        count: i64,
    }

    changes! {
        pub struct Change for Input { title: String, note: String, count: i64 }
    }

    #[test]
    fn given_fields_replace_and_the_rest_stay() {
        let before = Input {
            title: "旧".into(),
            note: Some("留".into()),
            count: 3,
        };
        let change = Change {
            title: Some("新".into()),
            ..Change::default()
        };
        assert_eq!(
            change.applied_to(before),
            Input {
                title: "新".into(),
                note: Some("留".into()),
                count: 3
            }
        );
        let noted = Change {
            note: Some("加".into()),
            ..Change::default()
        };
        assert_eq!(
            noted.applied_to(Input::default()).note.as_deref(),
            Some("加")
        );
    }
}
