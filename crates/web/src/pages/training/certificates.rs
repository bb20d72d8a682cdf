//! A completer's certificate (printable, and as .docx) and its public verification page.

use super::shell;
use crate::error::{PageError, WebError};
use crate::extract::RecordRequest;
use crate::files::{download, DOCX};
use crate::i18n::{message, Lang, Tr};
use crate::pages::employment::events::{public_url, qr_svg};
use crate::pages::parts::label;
use crate::pages::{render, Shell};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Response};
use jinguo_app::auth::Caller;
use jinguo_app::training::{self, Certificate, CertificateWords, PublicCertificate};

// ---- certificates ----

fn words(lang: Lang, c: &Certificate, verify_url: &str) -> CertificateWords {
    let t = Tr(lang);
    let from = c.first_session.clone().unwrap_or_default();
    let to = c.last_session.clone().unwrap_or_default();
    CertificateWords {
        title: t.t("certificate-title"),
        body: message(
            lang,
            "certificate-body",
            &[
                ("name", c.name.clone()),
                ("from", from),
                ("to", to),
                ("course", c.course_title.clone()),
                ("tier", label(t, "tier", &c.tier)),
                ("sessions", c.sessions.to_string()),
            ],
        ),
        number: t.t_with("certificate-number", "number", &c.number),
        verify: t.t_with("certificate-verify", "url", verify_url),
    }
}

#[derive(Template)]
#[template(path = "certificate.html")]
struct CertificatePage {
    shell: Shell,
    c: Certificate,
    words: CertificateWords,
    qr: String,
}

pub async fn certificate(
    State(state): State<AppState>,
    RecordRequest { caller, lang, id }: RecordRequest,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let c = training::certificate(&state.app, &caller, id).await?;
    let url = public_url(&state, &headers, &training::verification_path(&c.number)).await?;
    let mut shell = shell(lang, &caller, "certificate-title");
    shell.title = format!("{} · {}", shell.title, c.name);
    render(&CertificatePage {
        words: words(lang, &c, &url),
        qr: qr_svg(&url),
        c,
        shell,
    })
}

/// The certificate's .docx file and its name (the API and the page share it).
pub(crate) async fn certificate_file(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    enrollment_id: i64,
) -> Result<(String, Vec<u8>), WebError> {
    let lang = Lang::from_headers(headers);
    // The verification page's address: this server's public base, and the number's path.
    let base = public_url(state, headers, "").await.map_err(|e| e.0)?;
    let (c, bytes) = training::certificate_docx(&state.app, caller, enrollment_id, |c| {
        let url = format!("{base}{}", training::verification_path(&c.number));
        words(lang, c, &url)
    })
    .await?;
    Ok((format!("结业证书-{}-{}.docx", c.name, c.number), bytes))
}

pub async fn certificate_docx(
    State(state): State<AppState>,
    RecordRequest { caller, id, .. }: RecordRequest,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (name, bytes) = certificate_file(&state, &caller, &headers, id)
        .await
        .map_err(PageError)?;
    Ok(download(&name, DOCX, bytes))
}

#[derive(Template)]
#[template(path = "public_certificate.html")]
struct PublicCertificatePage {
    shell: Shell,
    c: PublicCertificate,
}

/// The public verification of a certificate by its number: the course, the day and the name
/// masked, nothing else.
pub async fn verify(
    State(state): State<AppState>,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Html<String>, PageError> {
    let lang = Lang::from_headers(&headers);
    let c = training::verify_certificate(&state.app, &number).await?;
    let deployment = jinguo_app::settings::current(&state.app).await?;
    render(&PublicCertificatePage {
        shell: Shell::public(lang, "certificate-verify-title", &deployment),
        c,
    })
}
