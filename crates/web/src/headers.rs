//! The headers every response carries. Pages and API answers hold personal data, so none of
//! them may be kept by a browser or a proxy cache (`no-store`); only the bundled assets under
//! `/static/` are cacheable. Scripts and styles come from our own files only: the policy has
//! no 'unsafe-inline', so an injected `<script>` or `onclick=` would not run.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

pub async fn protect(request: Request, next: Next) -> Response {
    let cacheable = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !cacheable {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    /// The policy forbids inline script; a template that slipped one in would break silently
    /// in the browser, so it breaks here instead.
    #[test]
    fn no_template_holds_inline_script_or_event_handlers() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("template");
            let lower = text.to_ascii_lowercase();
            for (i, _) in lower.match_indices("<script") {
                let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |end| i + end)];
                assert!(tag.contains(" src="), "{}: inline <script>", path.display());
            }
            assert!(
                !has_event_handler(&lower) && !lower.contains("javascript:"),
                "{}: an inline event handler",
                path.display()
            );
        }
    }

    /// An ` onclick=`-like attribute: a space, `on`, letters, `=`.
    fn has_event_handler(text: &str) -> bool {
        text.match_indices(" on").any(|(i, _)| {
            let rest = &text[i + 3..];
            let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
            letters > 0 && rest[letters..].trim_start().starts_with('=')
        })
    }

    #[test]
    fn event_handlers_are_recognized() {
        assert!(has_event_handler("<a onclick=\"x()\">"));
        assert!(has_event_handler("<body onload = 'x()'>"));
        assert!(!has_event_handler("<p>on = off</p><td>online</td>"));
    }
}
