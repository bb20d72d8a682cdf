//! Field encryption (AES-256-GCM) and blind indexes (keyed HMAC-SHA256) under one master key.
//!
//! The master key lives outside the database: `JINGUO_MASTER_KEY` (64 hex characters) or the key
//! file `DIR/master.key`, created with mode 0600 on the first start of an empty database. Four
//! working keys are derived from it, so the encryption key never doubles as the index key nor as
//! the audit chain's key. The
//! database keeps a key check value, so a wrong key is refused at start instead of producing
//! garbage.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

const NONCE_LEN: usize = 12;
/// A version byte leads every ciphertext so the scheme can change without guessing.
/// Version 1 binds a value to its field only (the rows written before sealing was bound to
/// records); they stay readable.
const FORMAT_V1: u8 = 1;
/// Version 2 binds a value to its field and its record id, so a ciphertext copied onto another
/// row (another woman's record) fails to open instead of showing her the wrong narrative.
const FORMAT_V2_BOUND: u8 = 2;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("this database is encrypted, but no master key was found: set JINGUO_MASTER_KEY or restore the key file {0}")]
    Missing(PathBuf),
    #[error("the master key in {0} is malformed: it must be 64 hexadecimal characters")]
    Malformed(String),
    #[error("the master key ({0}) does not match this database: use the key this database was created with")]
    Mismatch(String),
    #[error("cannot read or write the key file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a stored value cannot be decrypted with this key")]
pub struct DecryptError;

pub struct MasterKey {
    bytes: Zeroizing<[u8; 32]>,
    /// Where the key came from, for messages.
    pub origin: String,
}

impl MasterKey {
    pub fn from_hex(hex_text: &str, origin: &str) -> Result<MasterKey, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_text.trim(), bytes.as_mut_slice())
            .map_err(|_| KeyError::Malformed(origin.to_owned()))?;
        Ok(MasterKey {
            bytes,
            origin: origin.to_owned(),
        })
    }

    pub fn generate(origin: &str) -> MasterKey {
        let mut bytes = Zeroizing::new([0u8; 32]);
        crate::random::os().fill_bytes(bytes.as_mut_slice());
        MasterKey {
            bytes,
            origin: origin.to_owned(),
        }
    }

    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.bytes.as_slice()))
    }
}

pub fn key_file_path(data_dir: &Path) -> PathBuf {
    data_dir.join("master.key")
}

/// The key from the environment or the key file, if either exists.
pub fn find_key(data_dir: &Path, env_key: Option<&str>) -> Result<Option<MasterKey>, KeyError> {
    if let Some(hex_text) = env_key.filter(|k| !k.trim().is_empty()) {
        return MasterKey::from_hex(hex_text, "JINGUO_MASTER_KEY").map(Some);
    }
    let path = key_file_path(data_dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => MasterKey::from_hex(&text, &path.display().to_string()).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(KeyError::Io { path, source }),
    }
}

/// Writes a new random key file readable by its owner only; refuses to overwrite one.
pub fn create_key_file(data_dir: &Path) -> Result<MasterKey, KeyError> {
    let path = key_file_path(data_dir);
    let key = MasterKey::generate(&path.display().to_string());
    let io_err = |source| KeyError::Io {
        path: path.clone(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(io_err)?;
    file.write_all(key.to_hex().as_bytes()).map_err(io_err)?;
    file.write_all(b"\n").map_err(io_err)?;
    file.sync_all().map_err(io_err)?;
    Ok(key)
}

pub struct FieldCipher {
    aead: Aes256Gcm,
    index_key: Zeroizing<[u8; 32]>,
    check_key: Zeroizing<[u8; 32]>,
    chain_key: Zeroizing<[u8; 32]>,
}

/// The associated data of a record-bound value: the field, a separator no field name contains,
/// and the record id.
fn bound_context(context: &str, record_id: i64) -> String {
    format!("{context}\u{0}{record_id}")
}

fn derive(master: &MasterKey, label: &str) -> Zeroizing<[u8; 32]> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master.bytes.as_slice())
        .expect("HMAC takes any key length");
    mac.update(label.as_bytes());
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

impl FieldCipher {
    pub fn new(master: &MasterKey) -> FieldCipher {
        let enc = derive(master, "jinguo/field-encryption/v1");
        FieldCipher {
            aead: Aes256Gcm::new_from_slice(enc.as_slice()).expect("32-byte key"),
            index_key: derive(master, "jinguo/blind-index/v1"),
            check_key: derive(master, "jinguo/key-check/v1"),
            chain_key: derive(master, "jinguo/audit-chain/v1"),
        }
    }

    /// Seals a field of one record: `context` names the field (e.g. `person.id_number`),
    /// `record_id` the row it belongs to. Moved to another field or row, it fails to open.
    pub fn seal(&self, plaintext: &str, context: &str, record_id: i64) -> Vec<u8> {
        self.seal_with(
            FORMAT_V2_BOUND,
            plaintext.as_bytes(),
            &bound_context(context, record_id),
        )
    }

    /// Opens what `seal` wrote for the same field and record; also opens the field-only
    /// ciphertexts of version 1 written before values were bound to their records.
    pub fn open(&self, blob: &[u8], context: &str, record_id: i64) -> Result<String, DecryptError> {
        let aad = match blob.first() {
            Some(&FORMAT_V2_BOUND) => bound_context(context, record_id),
            Some(&FORMAT_V1) => context.to_owned(),
            _ => return Err(DecryptError),
        };
        String::from_utf8(self.open_with(blob, aad.as_bytes())?).map_err(|_| DecryptError)
    }

    /// Encrypts bytes that are not a field value (case attachments), bound to `context`, which
    /// names the file's case and attachment ids.
    pub fn encrypt_bytes(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        self.seal_with(FORMAT_V1, plaintext, context)
    }

    pub fn decrypt_bytes(&self, blob: &[u8], context: &str) -> Result<Vec<u8>, DecryptError> {
        if blob.first() != Some(&FORMAT_V1) {
            return Err(DecryptError);
        }
        self.open_with(blob, context.as_bytes())
    }

    fn seal_with(&self, format: u8, plaintext: &[u8], aad: &str) -> Vec<u8> {
        // A CSPRNG seeded from the OS (no system call per value, which bulk imports feel).
        let mut nonce = [0u8; NONCE_LEN];
        crate::random::fast().fill_bytes(&mut nonce);
        let sealed = self
            .aead
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: aad.as_bytes(),
                },
            )
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(format);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    fn open_with(&self, blob: &[u8], aad: &[u8]) -> Result<Vec<u8>, DecryptError> {
        if blob.len() < 1 + NONCE_LEN {
            return Err(DecryptError);
        }
        let (nonce, sealed) = blob[1..].split_at(NONCE_LEN);
        self.aead
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
            .map_err(|_| DecryptError)
    }

    /// A keyed, deterministic digest for exact look-ups of an encrypted value. `kind` separates
    /// the index spaces (full ID, ID suffix, phone), so equal strings of different kinds differ.
    pub fn blind_index(&self, kind: &str, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(self.index_key.as_slice()).expect("any key length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The audit chain's MAC of one event's canonical bytes: whoever can write the database but
    /// does not hold the master key cannot compute it, so cannot re-forge the chain.
    pub fn chain_mac(&self, message: &[u8]) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(self.chain_key.as_slice()).expect("any key length");
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }

    /// The value stored in the database to recognize its key.
    pub fn key_check(&self) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(self.check_key.as_slice()).expect("any key length");
        mac.update(b"jinguo key check");
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(hex_key: &str) -> FieldCipher {
        FieldCipher::new(&MasterKey::from_hex(hex_key, "test").expect("key"))
    }

    const KEY_A: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const KEY_B: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    #[test]
    fn encrypted_values_round_trip_and_hide_the_plaintext() {
        let c = cipher(KEY_A);
        let blob = c.seal("35050319900307002X", "person.id_number", 7);
        assert!(!blob.windows(6).any(|w| w == b"350503"));
        assert_eq!(
            c.open(&blob, "person.id_number", 7).as_deref(),
            Ok("35050319900307002X")
        );
    }

    #[test]
    fn the_same_value_encrypts_differently_each_time() {
        let c = cipher(KEY_A);
        assert_ne!(
            c.seal("13812345678", "person.phone", 7),
            c.seal("13812345678", "person.phone", 7)
        );
    }

    #[test]
    fn a_ciphertext_fails_under_another_context_or_key_or_when_tampered() {
        let c = cipher(KEY_A);
        let mut blob = c.seal("13812345678", "person.phone", 7);
        assert_eq!(c.open(&blob, "person.address", 7), Err(DecryptError));
        assert_eq!(
            cipher(KEY_B).open(&blob, "person.phone", 7),
            Err(DecryptError)
        );
        let last = blob.len() - 1;
        blob[last] ^= 1;
        assert_eq!(c.open(&blob, "person.phone", 7), Err(DecryptError));
        assert_eq!(c.open(&[], "person.phone", 7), Err(DecryptError));
    }

    #[test]
    fn a_sealed_value_moved_to_another_record_fails_to_open() {
        let c = cipher(KEY_A);
        let blob = c.seal("她丈夫昨晚又动手了", "case.narrative", 41);
        assert_eq!(c.open(&blob, "case.narrative", 42), Err(DecryptError));
        assert_eq!(
            c.open(&blob, "case.narrative", 41).as_deref(),
            Ok("她丈夫昨晚又动手了")
        );
    }

    #[test]
    fn values_sealed_before_record_binding_stay_readable_on_any_record_of_their_field() {
        let c = cipher(KEY_A);
        let legacy = c.seal_with(FORMAT_V1, "13812345678".as_bytes(), "person.phone");
        assert_eq!(
            c.open(&legacy, "person.phone", 99).as_deref(),
            Ok("13812345678")
        );
        assert_eq!(c.open(&legacy, "person.address", 99), Err(DecryptError));
        let mut unknown = legacy.clone();
        unknown[0] = 9;
        assert_eq!(c.open(&unknown, "person.phone", 99), Err(DecryptError));
    }

    #[test]
    fn blind_indexes_are_deterministic_keyed_and_separated_by_kind() {
        let a = cipher(KEY_A);
        assert_eq!(
            a.blind_index("phone", "13812345678"),
            a.blind_index("phone", "13812345678")
        );
        assert_ne!(
            a.blind_index("phone", "13812345678"),
            a.blind_index("id_tail", "13812345678")
        );
        assert_ne!(
            a.blind_index("phone", "13812345678"),
            cipher(KEY_B).blind_index("phone", "13812345678")
        );
        assert!(!a.blind_index("phone", "13812345678").contains("1381234"));
    }

    #[test]
    fn chain_macs_depend_on_the_key_and_differ_from_a_plain_hash() {
        use sha2::Digest;
        let message = b"[\"0000\",1]";
        assert_eq!(
            cipher(KEY_A).chain_mac(message),
            cipher(KEY_A).chain_mac(message)
        );
        assert_ne!(
            cipher(KEY_A).chain_mac(message),
            cipher(KEY_B).chain_mac(message)
        );
        assert_ne!(
            cipher(KEY_A).chain_mac(message),
            hex::encode(Sha256::digest(message))
        );
    }

    #[test]
    fn key_checks_tell_keys_apart() {
        assert_eq!(cipher(KEY_A).key_check(), cipher(KEY_A).key_check());
        assert_ne!(cipher(KEY_A).key_check(), cipher(KEY_B).key_check());
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in ["", "abc", &KEY_A[..63], &format!("{}zz", &KEY_A[..62])] {
            assert!(
                matches!(MasterKey::from_hex(bad, "env"), Err(KeyError::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_key_file_is_created_private_and_never_overwritten() {
        let dir = std::env::temp_dir().join(format!("jinguo-key-{}", {
            use rand::Rng;
            crate::random::fast().gen::<u64>()
        }));
        std::fs::create_dir_all(&dir).expect("dir");
        let created = create_key_file(&dir).expect("created");
        let found = find_key(&dir, None).expect("readable").expect("present");
        assert_eq!(created.to_hex(), found.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_file_path(&dir))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(create_key_file(&dir).is_err());
        let from_env = find_key(&dir, Some(KEY_B)).expect("env").expect("present");
        assert_eq!(from_env.origin, "JINGUO_MASTER_KEY");
        std::fs::remove_dir_all(&dir).ok();
    }
}
