//! Finishing a course: who completed it by its rule (the share of its sessions attended), a
//! numbered certificate (结业证书) for each completer — a printable page, a .docx file — and
//! the public verification page of a certificate, which shows the course, the day and the name
//! masked (王*丽), nothing else.

use super::enrollment::enrolled;
use super::outcomes::{course_report, CourseReport};
use super::{conflict, held_course, require_runner};
use crate::audit;
use crate::auth::Caller;
use crate::people::today;
use crate::{App, AppError};
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
};
use jinguo_db::training::{self as store, EnrollmentRow};
use jinguo_domain::training::{
    certificate_number, completes, is_certificate_number, mask_name_middle, CERTIFICATE_ALPHABET,
};
use rand::Rng;
use serde_json::json;

/// Finishes a course the caller holds (its page offers it once the last session's day has come;
/// a course cut short is finished as it stands): each one on the course completes it when she
/// attended its share of its sessions, and gets a certificate number. Answers its figures.
pub async fn finish(app: &App, caller: &Caller, course_id: i64) -> Result<CourseReport, AppError> {
    let mut course = held_course(app, caller, course_id).await?;
    if course.finished_at.is_some() {
        return Err(conflict("already_finished"));
    }
    let sessions = store::sessions_of(&mut app.db.ex(), course_id).await?;
    let day = today(app);
    if sessions.is_empty() {
        return Err(AppError::invalid("sessions", "no_sessions"));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    store::lock_course(&mut tx.ex(), course_id).await?;
    let attended = store::attended_counts(&mut tx.ex(), course_id).await?;
    let total = sessions.len() as i64;
    let on_course: Vec<EnrollmentRow> = store::all_enrollments_of(&mut tx.ex(), course_id)
        .await?
        .into_iter()
        .filter(enrolled)
        .collect();
    let completers: Vec<&EnrollmentRow> = on_course
        .iter()
        .filter(|e| {
            let n = attended
                .iter()
                .find(|(id, _)| *id == e.id)
                .map_or(0, |(_, n)| *n);
            completes(n, total, course.completion_permille)
        })
        .collect();
    let district: String = course.unit_code.chars().take(6).collect();
    let counter = format!("certificate-{district}-{}", day.year);
    let n = completers.len() as i64;
    let first = if n > 0 {
        jinguo_db::cases::reserve_numbers(&mut tx.ex(), &counter, n).await? - n + 1
    } else {
        0
    };
    let mut rng = crate::random::os();
    for (i, e) in completers.iter().enumerate() {
        let tail: String = (0..4)
            .map(|_| CERTIFICATE_ALPHABET[rng.gen_range(0..CERTIFICATE_ALPHABET.len())] as char)
            .collect();
        let row = EnrollmentRow {
            completed: true,
            completed_on: Some(day.to_string()),
            certificate_number: Some(certificate_number(
                &district,
                day.year,
                first + i as i64,
                &tail,
            )),
            ..(*e).clone()
        };
        store::update_enrollment(&mut tx.ex(), &row).await?;
    }
    course.finished_at = Some(now);
    course.finished_on = Some(day.to_string());
    course.updated_at = now;
    store::update_course(&mut tx.ex(), &course).await?;
    let entry = caller
        .entry("finish", "course", course_id.to_string())
        .in_unit(&course.unit_code)
        .detail(json!({ "on_course": on_course.len(), "completed": n, "sessions": total }));
    audit::commit(app, tx, entry, now).await?;
    course_report(app, caller, course_id).await
}

/// A certificate as its page and its file show it (to those who see the enrollment).
#[derive(Debug, Clone)]
pub struct Certificate {
    pub enrollment_id: i64,
    pub number: String,
    pub name: String,
    pub course_title: String,
    pub tier: String,
    pub first_session: Option<String>,
    pub last_session: Option<String>,
    pub sessions: i64,
    pub completed_on: String,
    /// Who issues it: the course's organizer, else the deployment (丰泽区妇联), else the unit
    /// that held the course.
    pub issuer: String,
}

/// The certificate of a completer the caller sees (404 when she did not complete).
pub async fn certificate(
    app: &App,
    caller: &Caller,
    enrollment_id: i64,
) -> Result<Certificate, AppError> {
    require_runner(caller)?;
    let e = super::enrollment::enrollment_row(app, caller, enrollment_id).await?;
    let (Some(number), Some(completed_on), true) = (
        e.certificate_number.clone(),
        e.completed_on.clone(),
        e.completed,
    ) else {
        return Err(AppError::NotFound);
    };
    let course = super::get_course(app, caller, e.course_id).await?;
    let mut ex = app.db.ex();
    let name = super::name_of(&mut ex, e.person_id).await?;
    let unit = jinguo_db::units::find(&mut ex, &course.unit_code)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let deployment = crate::settings::current(app).await?.deployment_name;
    let issuer = course
        .organizer
        .clone()
        .or(Some(deployment).filter(|d| !d.is_empty()))
        .unwrap_or(unit);
    Ok(Certificate {
        enrollment_id,
        number,
        name,
        course_title: course.title,
        tier: course.tier,
        first_session: course.first_session,
        last_session: course.last_session,
        sessions: course.sessions,
        completed_on,
        issuer,
    })
}

/// The certificate as a .docx file (A4 landscape, the title, the text, the number and the
/// issuer); each download is audited. `words` gives the certificate's fixed words in the
/// reader's language (with its own name, course and number filled in).
pub async fn certificate_docx(
    app: &App,
    caller: &Caller,
    enrollment_id: i64,
    words: impl FnOnce(&Certificate) -> CertificateWords,
) -> Result<(Certificate, Vec<u8>), AppError> {
    let c = certificate(app, caller, enrollment_id).await?;
    let bytes = render_docx(&c, &words(&c))?;
    let entry = caller
        .entry("download", "certificate", enrollment_id.to_string())
        .detail(json!({ "number": c.number }));
    audit::record(app, entry, app.now()).await?;
    Ok((c, bytes))
}

/// The fixed words of a certificate, in the reader's language (the web layer's messages).
#[derive(Debug, Clone)]
pub struct CertificateWords {
    /// 结业证书
    pub title: String,
    /// "{name}同志于{from}至{to}参加{course}（{tier}），修完全部课程，成绩合格，准予结业。"
    pub body: String,
    /// 证书编号：{number}
    pub number: String,
    /// Where the certificate is verified (the public page's address).
    pub verify: String,
}

const FONT_TITLE: &str = "黑体";
const FONT_BODY: &str = "仿宋";

fn run(text: &str, font: &str, half_points: usize) -> Run {
    Run::new()
        .add_text(text)
        .size(half_points)
        .fonts(RunFonts::new().east_asia(font).ascii(font).hi_ansi(font))
}

fn render_docx(c: &Certificate, words: &CertificateWords) -> Result<Vec<u8>, AppError> {
    let red = "C00000";
    let border = ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Double)
            .size(12)
            .color(red),
    );
    let mut heading = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(run(&words.title, FONT_TITLE, 72).bold().color(red));
    heading.property = heading.property.set_borders(border);
    let doc = Docx::new()
        // A4 landscape, in twips.
        .page_size(16838, 11906)
        .page_orient(docx_rs::PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(1440)
                .bottom(1440)
                .left(1800)
                .right(1800),
        )
        .add_paragraph(heading)
        .add_paragraph(Paragraph::new().add_run(run("", FONT_BODY, 32)))
        .add_paragraph(
            Paragraph::new()
                .indent(
                    None,
                    Some(docx_rs::SpecialIndentType::FirstLine(640)),
                    None,
                    None,
                )
                .line_spacing(docx_rs::LineSpacing::new().line(720))
                .add_run(run(&words.body, FONT_BODY, 36)),
        )
        .add_paragraph(Paragraph::new().add_run(run("", FONT_BODY, 32)))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(&c.issuer, FONT_BODY, 32)),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Right).add_run(run(
            &c.completed_on,
            FONT_BODY,
            32,
        )))
        .add_paragraph(Paragraph::new().add_run(run("", FONT_BODY, 24)))
        .add_paragraph(Paragraph::new().add_run(run(&words.number, FONT_BODY, 24)))
        .add_paragraph(Paragraph::new().add_run(run(&words.verify, FONT_BODY, 20)));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| AppError::Internal(format!("docx: {e}")))?;
    Ok(out.into_inner())
}

/// What the public verification page shows: the course, the day, the name masked — nothing
/// that identifies her further.
#[derive(Debug, Clone)]
pub struct PublicCertificate {
    pub number: String,
    pub name_masked: String,
    pub course_title: String,
    pub completed_on: String,
}

/// A certificate by its number, for anyone holding it (404 for a number never issued).
pub async fn verify_certificate(app: &App, number: &str) -> Result<PublicCertificate, AppError> {
    let number = number.trim();
    if !is_certificate_number(number) {
        return Err(AppError::NotFound);
    }
    let mut ex = app.db.ex();
    let (e, course) = store::enrollment_by_certificate(&mut ex, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = super::name_of(&mut ex, e.person_id).await?;
    Ok(PublicCertificate {
        number: number.to_owned(),
        name_masked: mask_name_middle(&name),
        course_title: course.title,
        completed_on: e.completed_on.unwrap_or_default(),
    })
}

/// The path of a certificate's public verification page.
pub fn verification_path(number: &str) -> String {
    format!("/public/certificates/{number}")
}
