//! Sealing: the row with the ID number, phone, address and notes encrypted (bound to the
//! record id), the blind indexes, the tags and the search terms of the name.

use super::*;

/// A person ready to store: the row with sensitive fields sealed, its tags and search terms.
pub(crate) struct Sealed {
    pub row: PersonRow,
    pub tags: Vec<String>,
    pub terms: Vec<String>,
}

pub(crate) fn seal(app: &App, v: &ValidPerson, id: i64, created_at: i64, now: i64) -> Sealed {
    let cipher = &app.cipher;
    let id_text = v.id_number.as_str();
    let mut terms = terms::name_terms(v.name.as_str());
    for n in 4..=6 {
        terms.push(format!(
            "t:{}",
            cipher.blind_index(IDX_TAIL, v.id_number.tail(n))
        ));
    }
    let row = PersonRow {
        id,
        name: v.name.as_str().to_owned(),
        sex: v.id_number.sex().as_str().to_owned(),
        birth_year: v.id_number.birth_date().year,
        unit_code: v.unit.to_string(),
        id_cipher: cipher.seal(id_text, CTX_ID, id),
        id_masked: v.id_number.masked(),
        id_index: cipher.blind_index(IDX_ID, id_text),
        phone_cipher: v
            .phone
            .as_ref()
            .map(|p| cipher.seal(p.as_str(), CTX_PHONE, id)),
        phone_masked: v.phone.as_ref().map(Phone::masked),
        phone_index: v
            .phone
            .as_ref()
            .map(|p| cipher.blind_index(IDX_PHONE, p.as_str())),
        address_cipher: v.address.as_ref().map(|a| cipher.seal(a, CTX_ADDRESS, id)),
        notes_cipher: v.notes.as_ref().map(|n| cipher.seal(n, CTX_NOTES, id)),
        ethnicity: v.ethnicity.clone(),
        education: v.education.clone(),
        marital_status: v.marital_status.clone(),
        created_at,
        updated_at: now,
        deleted_at: None,
        merged_into: None,
    };
    Sealed {
        row,
        tags: v.tags.iter().map(|t| t.to_string()).collect(),
        terms,
    }
}

/// Writes sealed persons' tags and terms (replacing what they had, unless `fresh`).
pub(crate) async fn write_tags_and_terms(
    ex: &mut Exec<'_>,
    sealed: &[Sealed],
    fresh: bool,
) -> Result<(), AppError> {
    let ids: Vec<i64> = sealed.iter().map(|s| s.row.id).collect();
    let tags: Vec<(i64, String)> = sealed
        .iter()
        .flat_map(|s| s.tags.iter().map(|t| (s.row.id, t.clone())))
        .collect();
    let mut terms: Vec<store::Term> = sealed
        .iter()
        .flat_map(|s| {
            s.terms.iter().map(|t| store::Term {
                term: t.clone(),
                unit_code: s.row.unit_code.clone(),
                person_id: s.row.id,
            })
        })
        .collect();
    // In key order: a bulk write then fills index pages one after another instead of at random.
    terms.sort_unstable_by(|a, b| {
        (&a.term, &a.unit_code, a.person_id).cmp(&(&b.term, &b.unit_code, b.person_id))
    });
    store::replace_tags_and_terms(ex, &ids, fresh, &tags, &terms).await?;
    Ok(())
}
