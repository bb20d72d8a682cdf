//! The deployment's own settings (issue #12, point 7): its name, which every public page
//! carries in its header and title (丰泽区妇联), and the public base URL printed in QR codes
//! and links (https://fulian.fengze.gov.cn). Changed by the system administrator only, audited;
//! read on every public page, so kept in `App` and replaced when changed.

use crate::audit;
use crate::auth::Caller;
use crate::cases::text;
use crate::{App, AppError};
use jinguo_db::{settings, units};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const NAME_KEY: &str = "deployment_name";
const BASE_URL_KEY: &str = "public_base_url";

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Deployment {
    /// The name public pages carry, e.g. 丰泽区妇联. Until set: the name of the org tree's top
    /// unit followed by 妇联.
    pub deployment_name: String,
    /// The absolute http(s) address the public reaches this server at, without a trailing
    /// slash, e.g. `https://fulian.fengze.gov.cn`; null: the address the request came to.
    pub public_base_url: Option<String>,
}

/// A change of the settings (`PUT /api/v1/settings`): both fields as they should stand.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DeploymentInput {
    pub deployment_name: String,
    /// Empty or null: none (links use the address the request came to).
    #[serde(default)]
    pub public_base_url: Option<String>,
}

/// The settings in force, from the cache when it holds them.
pub async fn current(app: &App) -> Result<Deployment, AppError> {
    if let Some(cached) = app.deployment.read().ok().and_then(|d| d.clone()) {
        return Ok(cached);
    }
    let mut ex = app.db.ex();
    let name = match settings::get(&mut ex, NAME_KEY).await? {
        Some(name) => name,
        None => default_name(&mut ex).await?,
    };
    let base_url = settings::get(&mut ex, BASE_URL_KEY)
        .await?
        .filter(|u| !u.is_empty());
    let loaded = Deployment {
        deployment_name: name,
        public_base_url: base_url,
    };
    if let Ok(mut cache) = app.deployment.write() {
        *cache = Some(loaded.clone());
    }
    Ok(loaded)
}

/// The top unit's name and 妇联: 丰泽区 → 丰泽区妇联; empty without an org tree.
async fn default_name(ex: &mut jinguo_db::Exec<'_>) -> Result<String, AppError> {
    if units::count(ex).await? == 0 {
        return Ok(String::new());
    }
    let root = units::root_code(ex).await?;
    Ok(units::find(ex, &root)
        .await?
        .map(|u| format!("{}妇联", u.name))
        .unwrap_or_default())
}

/// The settings for the page and API that change them: the system administrator's.
pub async fn get(app: &App, caller: &Caller) -> Result<Deployment, AppError> {
    if !caller.role().administers() {
        return Err(AppError::Forbidden);
    }
    current(app).await
}

/// Replaces the settings (system administrator only), audited, and the cache with them.
pub async fn update(
    app: &App,
    caller: &Caller,
    input: DeploymentInput,
) -> Result<Deployment, AppError> {
    if !caller.role().administers() {
        return Err(AppError::Forbidden);
    }
    let name = text("deployment_name", &input.deployment_name, 50)?;
    let base_url = crate::given(input.public_base_url.as_deref())
        .map(|u| {
            base_url(u)
                .ok_or_else(|| AppError::invalid_detail("public_base_url", "invalid_base_url", u))
        })
        .transpose()?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    settings::set(&mut tx.ex(), NAME_KEY, &name).await?;
    settings::set(
        &mut tx.ex(),
        BASE_URL_KEY,
        base_url.as_deref().unwrap_or(""),
    )
    .await?;
    audit::commit(
        app,
        tx,
        caller.entry("update", "settings", String::new()),
        now,
    )
    .await?;
    let changed = Deployment {
        deployment_name: name,
        public_base_url: base_url,
    };
    if let Ok(mut cache) = app.deployment.write() {
        *cache = Some(changed.clone());
    }
    Ok(changed)
}

/// `text` as a base URL: `http://` or `https://`, a host (letters, digits, `.`, `-`, an
/// optional `:port`), an optional path; no query, fragment, user or space. Returned without
/// its trailing slashes, so paths are appended to it as they are.
pub fn base_url(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = !name.is_empty()
        && !name.starts_with(['.', '-'])
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let path_ok = path
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '@' | '\\'));
    (name_ok && port_ok && path_ok).then(|| {
        // The scheme and host in lower case, the path as typed.
        let cut = lower.len() - path.len();
        format!("{}{}", &lower[..cut], &text[cut..])
            .trim_end_matches('/')
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::base_url;

    #[test]
    fn a_base_url_is_an_absolute_http_address() {
        assert_eq!(
            base_url("https://fulian.fengze.gov.cn/").as_deref(),
            Some("https://fulian.fengze.gov.cn")
        );
        assert_eq!(
            base_url("HTTP://10.0.0.5:8080/jinguo").as_deref(),
            Some("http://10.0.0.5:8080/jinguo")
        );
        for bad in [
            "fulian.fengze.gov.cn",
            "ftp://fulian.fengze.gov.cn",
            "https://",
            "https://a b.cn",
            "https://evil.cn@fengze.gov.cn",
            "https://fengze.gov.cn/?q=1",
            "https://fengze.gov.cn:port",
            "javascript:alert(1)",
            "/checkin",
        ] {
            assert_eq!(base_url(bad), None, "{bad}");
        }
    }
}
