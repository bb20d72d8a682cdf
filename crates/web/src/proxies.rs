//! Who the client is when jinguo runs behind a reverse proxy. `X-Forwarded-For` and
//! `X-Forwarded-Proto` are only believed from a peer inside a range the operator trusts
//! (`serve --trusted-proxy CIDR`); from anyone else they are dropped before any handler sees
//! them, so a client cannot pick its own address for the rate limits and the audit log, nor
//! claim https. The client address is then the right-most untrusted one of the chain: each
//! trusted proxy appends the address it saw, and everything left of that may be forged.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

const FORWARDED_FOR: &str = "x-forwarded-for";
const FORWARDED_PROTO: &str = "x-forwarded-proto";

/// The address ranges of the reverse proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not an address range like 10.0.0.0/8 or an address like 10.0.0.1")]
pub struct BadRange(String);

impl TrustedProxies {
    /// Ranges as the operator writes them: `10.0.0.0/8`, `::1/128`, or a bare address.
    pub fn parse<S: AsRef<str>>(ranges: &[S]) -> Result<TrustedProxies, BadRange> {
        let parse = |text: &str| {
            text.parse::<IpNet>()
                .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| BadRange(text.to_owned()))
        };
        ranges
            .iter()
            .map(|r| r.as_ref().trim())
            .filter(|r| !r.is_empty())
            .map(parse)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|range| range.contains(&ip))
    }

    /// The client of a request from `peer`, and whether it reached the proxy over https.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> (IpAddr, Option<bool>) {
        if !self.trusts(peer) {
            return (peer, None);
        }
        let chain: Vec<Option<IpAddr>> = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|hop| hop.trim().parse::<IpAddr>().ok())
            .collect();
        // From the right: past our own proxies to the first address none of them is; a hop
        // that is not an address ends the walk (what lies left of it cannot be believed).
        let mut client = peer;
        for hop in chain.iter().rev() {
            match hop {
                Some(ip) if self.trusts(*ip) => client = *ip,
                Some(ip) => {
                    client = *ip;
                    break;
                }
                None => break,
            }
        }
        let https = headers
            .get_all(FORWARDED_PROTO)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .map(|p| p.trim().eq_ignore_ascii_case("https"));
        (client, https)
    }
}

/// The address the request came from, after the trusted proxies are looked through.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

/// Sets [`ClientAddr`] and leaves `X-Forwarded-Proto` only as the trusted proxy said it.
pub async fn resolve(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip());
    if let Some(peer) = peer {
        let (client, https) = trusted.client(peer, request.headers());
        let headers = request.headers_mut();
        headers.remove(FORWARDED_FOR);
        headers.remove(FORWARDED_PROTO);
        if let Some(https) = https {
            let proto = if https { "https" } else { "http" };
            headers.insert(FORWARDED_PROTO, HeaderValue::from_static(proto));
        }
        request.extensions_mut().insert(ClientAddr(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn ranges_parse_as_cidr_or_bare_addresses() {
        let trusted =
            TrustedProxies::parse(&["10.0.0.0/8", " 192.168.1.5 ", "::1/128"]).expect("ranges");
        assert!(trusted.trusts(ip("10.20.30.40")));
        assert!(trusted.trusts(ip("192.168.1.5")));
        assert!(!trusted.trusts(ip("192.168.1.6")));
        assert!(trusted.trusts(ip("::1")));
        assert!(
            trusted.trusts(ip("::ffff:10.0.0.1")),
            "IPv4 mapped into IPv6"
        );
        assert!(TrustedProxies::parse(&["10.0.0.0/33"]).is_err());
        assert!(TrustedProxies::parse(&["proxy.example"]).is_err());
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8"]).expect("ranges");
        let sent = headers(&[(FORWARDED_FOR, "1.2.3.4"), (FORWARDED_PROTO, "https")]);
        assert_eq!(
            trusted.client(ip("203.0.113.9"), &sent),
            (ip("203.0.113.9"), None)
        );
        let nobody = TrustedProxies::default();
        assert_eq!(nobody.client(ip("10.0.0.1"), &sent), (ip("10.0.0.1"), None));
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_address_of_the_chain() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8"]).expect("ranges");
        // The client forged "1.1.1.1"; the edge proxy appended her real address, the inner
        // proxy the edge's.
        let sent = headers(&[
            (FORWARDED_FOR, "1.1.1.1, 198.51.100.7"),
            (FORWARDED_FOR, "10.0.0.2"),
            (FORWARDED_PROTO, "http, https"),
        ]);
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &sent),
            (ip("198.51.100.7"), Some(true))
        );
        let all_trusted = headers(&[(FORWARDED_FOR, "10.0.0.3, 10.0.0.2")]);
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &all_trusted),
            (ip("10.0.0.3"), None)
        );
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &HeaderMap::new()),
            (ip("10.0.0.1"), None)
        );
    }
}
