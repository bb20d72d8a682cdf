//! Interface languages: Simplified Chinese (default) and English, from the Fluent message files
//! in `messages/`. The language comes from the `lang` cookie (the switch in the page) or else
//! from `Accept-Language`.

use axum::http::HeaderMap;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use jinguo_app::AppError;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The first supported language in `Accept-Language`, by quality; Chinese when none is.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut candidates: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::from_tag(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.first().map(|(_, l)| *l).unwrap_or(Lang::Zh)
    }

    pub fn from_headers(headers: &HeaderMap) -> Lang {
        if let Some(lang) =
            crate::cookies::get(headers, LANG_COOKIE).and_then(|v| Lang::from_tag(&v))
        {
            return lang;
        }
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or(Lang::Zh)
    }
}

const ZH: &str = include_str!("../messages/zh-CN.ftl");
const EN: &str = include_str!("../messages/en.ftl");

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static ZH_BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN_BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, source) = match lang {
        Lang::Zh => (&ZH_BUNDLE, ZH),
        Lang::En => (&EN_BUNDLE, EN),
    };
    cell.get_or_init(|| {
        let id = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks: the text goes into HTML and JSON as it is.
        bundle.set_use_isolating(false);
        let resource =
            FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        bundle.add_resource_overriding(resource);
        bundle
    })
}

/// The message for `key`, or the key itself when the message is missing (tests prevent that).
pub fn message(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// A field's name as the reader knows it (`field-…` messages), or the field's code. A nested
/// field (`guardian.phone`) is `field-guardian-phone`: Fluent names have no dots.
pub fn field_label(lang: Lang, field: &str) -> String {
    let key = format!("field-{}", field.replace('.', "-"));
    let label = message(lang, &key, &[]);
    if label == key {
        field.to_owned()
    } else {
        label
    }
}

/// Why a row of an imported file was refused, with its detail and column filled in.
pub fn row_reason(lang: Lang, p: &jinguo_app::import::RowProblem) -> String {
    message(
        lang,
        p.code,
        &[
            ("detail", p.detail.clone()),
            ("label", field_label(lang, p.field)),
        ],
    )
}

/// The rejected rows of an import as a workbook: line, column and reason in the reader's
/// language, then the row's own cells.
pub fn rejected_rows_xlsx(
    lang: Lang,
    report: &jinguo_app::import::ImportReport,
) -> Result<Vec<u8>, AppError> {
    let left_out = Some(report.problems_left_out())
        .filter(|n| *n > 0)
        .map(|n| {
            message(
                lang,
                "import-problems-left-out",
                &[
                    ("count", n.to_string()),
                    ("kept", report.problems.len().to_string()),
                ],
            )
        });
    jinguo_app::import::problems_xlsx(
        &report.header,
        &report.problems,
        left_out,
        &|p| field_label(lang, p.field),
        &|p| row_reason(lang, p),
    )
}

/// The localized sentence for an error, with its detail and field filled in.
pub fn error_message(lang: Lang, error: &AppError) -> String {
    let detail = match error {
        AppError::Invalid { detail, .. } | AppError::Conflict { detail, .. } => {
            detail.clone().unwrap_or_default()
        }
        AppError::TooLarge { limit, .. } => limit.clone(),
        AppError::UnsupportedType { allowed, .. } => allowed.clone(),
        _ => String::new(),
    };
    let count = match error {
        AppError::Rejected { problems } => problems.len().to_string(),
        _ => String::new(),
    };
    let field = error.field().unwrap_or("").to_owned();
    let label = field_label(lang, &field);
    message(
        lang,
        error.code(),
        &[
            ("detail", detail),
            ("field", field),
            ("label", label),
            ("count", count),
        ],
    )
}

/// The translator every template receives.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn t(&self, key: &str) -> String {
        message(self.0, key, &[])
    }

    pub fn t_with(&self, key: &str, name: &str, value: impl ToString) -> String {
        message(self.0, key, &[(name, value.to_string())])
    }

    /// A message with several arguments.
    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        message(self.0, key, args)
    }

    /// A confirmation that names the thing: 删除“王丽”？
    pub fn confirm(&self, action_key: &str, name: &str) -> String {
        message(
            self.0,
            "confirm-named",
            &[("action", self.t(action_key)), ("name", name.to_owned())],
        )
    }

    /// A number as figures show it: with thousands separators.
    pub fn num(&self, n: impl std::fmt::Display) -> String {
        crate::pages::parts::thousands(n)
    }

    /// A message of a count (`{ $total }`), the count with thousands separators.
    pub fn count(&self, key: &str, total: impl std::fmt::Display) -> String {
        message(
            self.0,
            key,
            &[("total", crate::pages::parts::thousands(total))],
        )
    }

    /// `text（inner）` in Chinese, `text (inner)` in English.
    pub fn paren(&self, text: impl std::fmt::Display, inner: impl std::fmt::Display) -> String {
        format!("{text}{}{inner}{}", self.open(), self.close())
    }

    /// The opening of a parenthesis: `（`, or ` (`.
    pub fn open(&self) -> String {
        self.t("punct-open")
    }

    pub fn close(&self) -> String {
        self.t("punct-close")
    }

    /// After a label: `：`, or `: `.
    pub fn colon(&self) -> String {
        self.t("punct-colon")
    }

    /// Between the items of a list: `、`, or `, `.
    pub fn sep(&self) -> String {
        self.t("punct-list-sep")
    }

    /// Items joined with the language's list separator.
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(&self.sep())
    }

    pub fn tag(&self) -> &'static str {
        self.0.tag()
    }

    pub fn other_tag(&self) -> &'static str {
        self.0.other().tag()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let (zh, en) = (keys(ZH), keys(EN));
        assert!(zh.len() > 100);
        assert_eq!(
            zh.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in en.ftl"
        );
        assert_eq!(
            en.difference(&zh).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in zh-CN.ftl"
        );
    }

    #[test]
    fn both_message_files_parse_without_errors() {
        for source in [ZH, EN] {
            assert!(FluentResource::try_new(source.to_owned()).is_ok());
        }
    }

    #[test]
    fn every_error_code_has_a_message() {
        let errors = [
            AppError::Unauthorized,
            AppError::InvalidCredentials,
            AppError::AccountLocked { until_ms: 0 },
            AppError::AccountDisabled,
            AppError::AwaitingApproval,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Internal(String::new()),
            AppError::Rejected { problems: vec![] },
        ];
        for lang in [Lang::Zh, Lang::En] {
            for e in &errors {
                assert_ne!(error_message(lang, e), e.code(), "{}", e.code());
            }
        }
        assert_eq!(
            error_message(
                Lang::Zh,
                &AppError::invalid_detail("unit", "unknown_unit", "350503999999")
            ),
            "未知的单位：350503999999"
        );
    }

    /// English mode uses English punctuation (issue #12, point 8): no full-width comma, full
    /// stop, colon, semicolon, parentheses, quotes or enumeration comma in en.ftl (Chinese
    /// words such as the column names of import sheets may stay, their punctuation may not).
    #[test]
    fn english_messages_use_no_full_width_punctuation() {
        const FULL_WIDTH: &[char] = &[
            '，', '。', '：', '；', '（', '）', '“', '”', '‘', '’', '、', '！', '？', '《', '》',
            '【', '】', '～',
        ];
        let bad: Vec<&str> = EN
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(FULL_WIDTH))
            .collect();
        assert_eq!(bad, Vec::<&str>::new(), "full-width punctuation in en.ftl");
        assert_eq!(Tr(Lang::En).paren("high", 7), "high (7)");
        assert_eq!(Tr(Lang::Zh).paren("高", 7), "高（7）");
        assert_eq!(Tr(Lang::En).list(&["a", "b"]), "a, b");
        assert_eq!(Tr(Lang::Zh).list(&["甲", "乙"]), "甲、乙");
        assert_eq!(Tr(Lang::En).colon(), ": ");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        for (header, lang) in [
            ("en-US,en;q=0.9", Lang::En),
            ("zh-CN,zh;q=0.9,en;q=0.8", Lang::Zh),
            ("fr-FR, en;q=0.5", Lang::En),
            ("de", Lang::Zh),
            ("", Lang::Zh),
            ("zh;q=0.2, en;q=0.8", Lang::En),
        ] {
            assert_eq!(Lang::from_accept_language(header), lang, "{header}");
        }
    }
}
