//! A PDF's digital signatures: who signed (the certificate's subject) and when (the signature
//! dictionary's `/M`, else the CMS `signingTime`). Read with the RustCrypto `cms` and
//! `x509-cert` decoders; nothing is verified here — the signature is evidence of who and when,
//! not a proof.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{
    Any, BmpString, Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef,
};
use der::{Decode, SliceReader};
use x509_cert::name::Name;
use x509_cert::Certificate;

use crate::record::Signature;

const CN: &str = "2.5.4.3";
const O: &str = "2.5.4.10";
const OU: &str = "2.5.4.11";
const L: &str = "2.5.4.7";
const ST: &str = "2.5.4.8";
const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// One signature from its CMS bytes (`/Contents`, zero-padded) and its dictionary's `/M` and
/// `/Reason`. Bytes that do not decode give a signature with only what the dictionary says.
pub fn read(contents: &[u8], m: Option<&str>, reason: Option<String>) -> Signature {
    let mut sig = Signature {
        time: m.and_then(pdf_date),
        reason: reason.filter(|r| !r.trim().is_empty()),
        ..Signature::default()
    };
    if let Some((signer, org, time)) = from_cms(contents) {
        sig.signer = signer;
        sig.organisation = org;
        if sig.time.is_none() {
            sig.time = time;
        }
    }
    sig
}

/// `D:20250206160318+07'00'` → `2025-02-06T16:03:18+07:00` (`Z` for UTC; no zone: none).
pub fn pdf_date(m: &str) -> Option<String> {
    let s = m.trim().strip_prefix("D:").unwrap_or(m.trim());
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let part = |a: usize, b: usize, def: &'static str| digits.get(a..b).unwrap_or(def).to_string();
    let (y, mo, d) = (part(0, 4, ""), part(4, 6, "01"), part(6, 8, "01"));
    let (h, mi, se) = (part(8, 10, "00"), part(10, 12, "00"), part(12, 14, "00"));
    let rest = &s[digits.len()..];
    let zone = match rest.chars().next() {
        Some('Z') => "Z".to_string(),
        Some(c @ ('+' | '-')) => {
            let z: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            if z.len() >= 2 {
                format!("{c}{}:{}", &z[..2], z.get(2..4).unwrap_or("00"))
            } else {
                String::new()
            }
        }
        _ => String::new(),
    };
    let iso = format!("{y}-{mo}-{d}T{h}:{mi}:{se}{zone}");
    crate::record::Date::parse_user(&iso[..10])?;
    Some(iso)
}

type Who = (Option<String>, Option<String>, Option<String>);

fn from_cms(contents: &[u8]) -> Option<Who> {
    let mut reader = SliceReader::new(contents).ok()?;
    let ci = ContentInfo::decode(&mut reader).ok()?;
    let sd: SignedData = ci.content.decode_as().ok()?;
    let certs: Vec<&Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let si = sd.signer_infos.0.iter().next()?;
    let cert = match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => None,
    }
    // Else the end of the chain: the certificate that issued none of the others.
    .or_else(|| {
        certs.iter().find(|c| {
            !certs
                .iter()
                .any(|o| o.tbs_certificate.issuer == c.tbs_certificate.subject && o != *c)
        })
    });
    let (signer, org) = match cert {
        Some(c) => {
            let name = &c.tbs_certificate.subject;
            let org: Vec<String> = [O, OU, L, ST]
                .iter()
                .filter_map(|oid| attribute(name, oid))
                .collect();
            (
                attribute(name, CN),
                (!org.is_empty()).then(|| org.join(", ")),
            )
        }
        None => (None, None),
    };
    let time = si.signed_attrs.as_ref().and_then(|attrs| {
        attrs
            .iter()
            .find(|a| a.oid.to_string() == SIGNING_TIME)
            .and_then(|a| a.values.iter().next())
            .and_then(|v| {
                v.decode_as::<der::asn1::UtcTime>()
                    .map(|t| t.to_date_time())
                    .or_else(|_| {
                        v.decode_as::<der::asn1::GeneralizedTime>()
                            .map(|t| t.to_date_time())
                    })
                    .ok()
            })
            .map(|d| {
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    d.year(),
                    d.month(),
                    d.day(),
                    d.hour(),
                    d.minutes(),
                    d.seconds()
                )
            })
    });
    Some((signer, org, time))
}

/// The first value of attribute `oid` in a name, as text.
fn attribute(name: &Name, oid: &str) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find_map(|atv| {
        (atv.oid.to_string() == oid)
            .then(|| text_of(&atv.value))
            .flatten()
            .map(|s| crate::text::nfc(s.trim()))
            .filter(|s| !s.is_empty())
    })
}

fn text_of(v: &Any) -> Option<String> {
    v.decode_as::<Utf8StringRef>()
        .map(|s| s.to_string())
        .or_else(|_| v.decode_as::<PrintableStringRef>().map(|s| s.to_string()))
        .or_else(|_| v.decode_as::<BmpString>().map(|s| s.to_string()))
        .or_else(|_| v.decode_as::<Ia5StringRef>().map(|s| s.to_string()))
        .or_else(|_| v.decode_as::<TeletexStringRef>().map(|s| s.to_string()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_iso_with_their_zone() {
        assert_eq!(
            pdf_date("D:20250206160318+07'00'").as_deref(),
            Some("2025-02-06T16:03:18+07:00")
        );
        assert_eq!(
            pdf_date("D:20250206160318Z").as_deref(),
            Some("2025-02-06T16:03:18Z")
        );
        assert_eq!(
            pdf_date("D:20250206").as_deref(),
            Some("2025-02-06T00:00:00")
        );
        assert_eq!(pdf_date("D:2025"), None);
        assert_eq!(pdf_date("D:20251399"), None);
        assert_eq!(pdf_date("garbage"), None);
    }

    #[test]
    fn undecodable_contents_keep_what_the_dictionary_says() {
        let s = read(b"\0\0\0", Some("D:20250101120000+07'00'"), Some(" ".into()));
        assert_eq!(s.time.as_deref(), Some("2025-01-01T12:00:00+07:00"));
        assert_eq!(s.signer, None);
        assert_eq!(s.reason, None);
    }
}
