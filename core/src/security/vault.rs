//! Credentials vault: XChaCha20-Poly1305 with a 32-byte key.
//!
//! A stored value is `hnp1:<key id>:<base64(nonce ‖ ciphertext)>`. The key id (a hash of the key,
//! not the key) lets a wrong key be reported as such instead of producing garbage, and lets
//! `hnp secrets rotate` re-encrypt everything under a new key. Each value is bound to its purpose
//! (e.g. `git_repository.credentials`) as associated data, so a ciphertext copied into another
//! column does not decrypt.
//!
//! Key sources, in order: `HNP_SECRET_KEY` (base64), `HNP_SECRET_KEY_FILE`, otherwise the file
//! `secret.key` in the data directory, generated with mode 0600 on first start. During a rotation
//! the new key is first written next to the key file as `<file>.next`; it is loaded as an extra
//! decryption key so that a crash between the database commit and the file swap loses nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{Error, Result};

const PREFIX: &str = "hnp1";
const NONCE_LEN: usize = 24;
/// Name of the generated key file inside the data directory.
pub const DEFAULT_KEY_FILE: &str = "secret.key";
/// Where `hnp secrets rotate` puts the new key when the key comes from `HNP_SECRET_KEY`.
pub const ENV_ROTATION_FILE: &str = "secret.key.new";

/// Where the vault's primary key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `HNP_SECRET_KEY`.
    Environment,
    /// `HNP_SECRET_KEY_FILE` or the generated file in the data directory.
    File(PathBuf),
}

/// 32 bytes of key material; never printed.
#[derive(Clone)]
pub struct KeyMaterial([u8; 32]);

impl KeyMaterial {
    /// A fresh random key.
    pub fn generate() -> Result<Self> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
        Ok(KeyMaterial(key))
    }

    /// Parses base64 text (surrounding whitespace ignored); `what` names the source in errors.
    pub fn from_base64(text: &str, what: &str) -> Result<Self> {
        let bytes = B64.decode(text.trim()).map_err(|_| {
            Error::Config(format!(
                "{what}: not valid base64 (expected 32 random bytes in base64)"
            ))
        })?;
        let key: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            Error::Config(format!("{what}: decodes to {} bytes, expected 32", b.len()))
        })?;
        Ok(KeyMaterial(key))
    }

    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    /// Short public identifier of the key (hash prefix), stored with every value.
    pub fn id(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"hnp-vault-key-id:")
            .chain_update(self.0)
            .finalize();
        hex::encode(&digest[..8])
    }
}

impl std::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyMaterial(id={})", self.id())
    }
}

struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl Key {
    fn new(material: &KeyMaterial) -> Result<Self> {
        let cipher = XChaCha20Poly1305::new_from_slice(&material.0)
            .map_err(|_| Error::Vault("invalid key length".to_owned()))?;
        Ok(Key {
            id: material.id(),
            cipher,
        })
    }
}

/// Encrypts and decrypts secrets stored in the database.
///
/// A key ring: the current key (encrypts) and previous or pending keys (decrypt only), by key
/// id. Running processes follow `hnp secrets rotate` without a restart: a stored value that
/// names a key id the ring does not know makes the vault re-read its key files (the key file
/// and its `.next`, or `secret.key.new` beside an `HNP_SECRET_KEY`); a key found there that the
/// database already uses becomes the current key, the old one stays for decryption. Before
/// encrypting, a file-backed vault checks its key file too, so a new secret is never written
/// under a key that a finished (or running) rotation is retiring.
pub struct Vault {
    ring: std::sync::RwLock<Ring>,
    source: KeySource,
    /// Files that may hold newer keys (see [`Vault::reload`]).
    watch: Vec<PathBuf>,
}

struct Ring {
    primary: std::sync::Arc<Key>,
    others: HashMap<String, std::sync::Arc<Key>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("key_id", &self.key_id())
            .field("source", &self.source)
            .finish()
    }
}

impl Vault {
    /// A vault with one key.
    pub fn new(material: &KeyMaterial, source: KeySource) -> Result<Self> {
        Ok(Vault {
            ring: std::sync::RwLock::new(Ring {
                primary: std::sync::Arc::new(Key::new(material)?),
                others: HashMap::new(),
            }),
            source,
            watch: Vec::new(),
        })
    }

    /// Loads (or on first start generates) the key as configured.
    pub fn load(config: &Config) -> Result<Self> {
        if let Some(secret) = &config.secret_key {
            let material = KeyMaterial::from_base64(secret.expose(), "HNP_SECRET_KEY")?;
            let mut vault = Vault::new(&material, KeySource::Environment)?;
            vault.watch = vec![config.data_dir.join(ENV_ROTATION_FILE)];
            return Ok(vault);
        }
        let (path, may_generate) = match &config.secret_key_file {
            Some(path) => (path.clone(), false),
            None => (config.data_dir.join(DEFAULT_KEY_FILE), true),
        };
        let material = match std::fs::read_to_string(&path) {
            Ok(text) => KeyMaterial::from_base64(&text, &path.display().to_string())?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_generate => {
                config.ensure_data_dir()?;
                let material = KeyMaterial::generate()?;
                write_key_file(&path, &material, false)?;
                tracing::info!(path = %path.display(), key_id = %material.id(), "generated a new vault key");
                material
            }
            Err(e) => {
                return Err(Error::Config(format!(
                    "secret key file {}: {e}",
                    path.display()
                )));
            }
        };
        let mut vault = Vault::new(&material, KeySource::File(path.clone()))?;
        let next = pending_key_path(&path);
        vault.watch = vec![path, next.clone()];
        if let Ok(text) = std::fs::read_to_string(&next) {
            let material = KeyMaterial::from_base64(&text, &next.display().to_string())?;
            tracing::warn!(path = %next.display(), "found the new key of an unfinished rotation; it is used for decryption, run `hnp secrets rotate` again");
            vault.add_decryption_key(&material)?;
        }
        Ok(vault)
    }

    fn ring(&self) -> std::sync::RwLockReadGuard<'_, Ring> {
        self.ring.read().unwrap_or_else(|p| p.into_inner())
    }

    fn ring_mut(&self) -> std::sync::RwLockWriteGuard<'_, Ring> {
        self.ring.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a key that is accepted for decryption only.
    pub fn add_decryption_key(&mut self, material: &KeyMaterial) -> Result<()> {
        let key = Key::new(material)?;
        let mut ring = self.ring_mut();
        if key.id != ring.primary.id {
            ring.others.insert(key.id.clone(), std::sync::Arc::new(key));
        }
        Ok(())
    }

    /// Id of the current (encrypting) key.
    pub fn key_id(&self) -> String {
        self.ring().primary.id.clone()
    }

    /// Ids of every key this vault can decrypt with, current first.
    pub fn key_ids(&self) -> Vec<String> {
        let ring = self.ring();
        let mut ids = vec![ring.primary.id.clone()];
        let mut others: Vec<String> = ring.others.keys().cloned().collect();
        others.sort();
        ids.extend(others);
        ids
    }

    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// The keys in the watched files (unreadable or malformed files are skipped: a
    /// half-written file must not take the vault down), in watch order.
    fn watched_keys(&self) -> Vec<Key> {
        self.watch
            .iter()
            .filter_map(|path| {
                let text = std::fs::read_to_string(path).ok()?;
                let material = KeyMaterial::from_base64(&text, &path.display().to_string()).ok()?;
                Key::new(&material).ok()
            })
            .collect()
    }

    /// Re-reads the watched key files; every key found is added to the ring, and the key with id
    /// `in_use` (a key the database already holds values under) becomes the current one.
    /// Returns whether the ring now knows `in_use`.
    fn reload(&self, in_use: &str) -> bool {
        let keys = self.watched_keys();
        let mut ring = self.ring_mut();
        for key in keys {
            let key = std::sync::Arc::new(key);
            if key.id == ring.primary.id {
                continue;
            }
            if key.id == in_use {
                let old = std::mem::replace(&mut ring.primary, key.clone());
                ring.others.insert(old.id.clone(), old);
                ring.others.remove(&key.id);
                tracing::info!(key_id = %key.id, "vault: switched to the rotated key");
            } else {
                ring.others.insert(key.id.clone(), key);
            }
        }
        ring.primary.id == in_use || ring.others.contains_key(in_use)
    }

    /// The key new values are encrypted with: the newest watched key (a rotation's staged key
    /// when there is one — the database is, or is about to be, under it, and a rotation never
    /// discards a staged key — else the key file's), so a new secret is never written under a
    /// key a rotation is retiring.
    fn encryption_key(&self) -> std::sync::Arc<Key> {
        // watch = [key file, key file.next] or [secret.key.new]: the staged key comes last.
        if let Some(newest) = self.watched_keys().into_iter().last() {
            let current = self.ring().primary.id.clone();
            if newest.id != current {
                self.reload(&newest.id);
            }
        }
        self.ring().primary.clone()
    }

    /// Encrypts `plaintext` for `purpose` (bound as associated data).
    pub fn encrypt(&self, purpose: &str, plaintext: &[u8]) -> Result<String> {
        let mut nonce_bytes = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce_bytes)
            .map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
        let nonce = XNonce::from(nonce_bytes);
        let key = self.encryption_key();
        let ciphertext = key
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| Error::Vault("encryption failed".to_owned()))?;
        let mut blob = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        blob.extend_from_slice(&nonce_bytes);
        blob.extend_from_slice(&ciphertext);
        Ok(format!("{PREFIX}:{}:{}", key.id, B64.encode(blob)))
    }

    pub fn encrypt_str(&self, purpose: &str, plaintext: &str) -> Result<String> {
        self.encrypt(purpose, plaintext.as_bytes())
    }

    /// Decrypts a stored value. A value made with another key, a value moved to another
    /// purpose, or a corrupted value is an error, never garbage.
    pub fn decrypt(&self, purpose: &str, stored: &str) -> Result<Vec<u8>> {
        let mut parts = stored.splitn(3, ':');
        let (Some(PREFIX), Some(key_id), Some(data)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::Vault(format!(
                "{purpose}: stored value is not in the vault format"
            )));
        };
        let known = |ring: &Ring| {
            if ring.primary.id == key_id {
                Some(ring.primary.clone())
            } else {
                ring.others.get(key_id).cloned()
            }
        };
        let found = known(&self.ring());
        let key = match found {
            Some(key) => key,
            // Perhaps rotated by another process: look at the key files again.
            None if self.reload(key_id) => known(&self.ring()).ok_or_else(|| {
                Error::Vault(format!("{purpose}: key {key_id} vanished from the ring"))
            })?,
            None => {
                return Err(Error::Vault(format!(
                    "{purpose}: encrypted with key {key_id}, but the configured key is {} \
                     (check HNP_SECRET_KEY / HNP_SECRET_KEY_FILE)",
                    self.key_id()
                )));
            }
        };
        let blob = B64
            .decode(data)
            .map_err(|_| Error::Vault(format!("{purpose}: stored value is corrupted")))?;
        if blob.len() < NONCE_LEN {
            return Err(Error::Vault(format!(
                "{purpose}: stored value is corrupted"
            )));
        }
        let (nonce, ciphertext) = blob.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce)
            .map_err(|_| Error::Vault(format!("{purpose}: stored value is corrupted")))?;
        key.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| {
                Error::Vault(format!(
                    "{purpose}: decryption failed (value corrupted or not made for this field)"
                ))
            })
    }

    pub fn decrypt_str(&self, purpose: &str, stored: &str) -> Result<String> {
        String::from_utf8(self.decrypt(purpose, stored)?)
            .map_err(|_| Error::Vault(format!("{purpose}: decrypted value is not UTF-8")))
    }
}

/// `<key file>.next`: the new key of a rotation in progress.
pub fn pending_key_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".next");
    PathBuf::from(name)
}

/// Writes a key file with mode 0600; with `replace` an existing file is overwritten.
pub fn write_key_file(path: &Path, material: &KeyMaterial, replace: bool) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| Error::io(path, e))?;
    writeln!(file, "{}", material.to_base64()).map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::new(&KeyMaterial::generate().unwrap(), KeySource::Environment).unwrap()
    }

    #[test]
    fn round_trip_and_fresh_nonces() {
        let v = vault();
        let a = v.encrypt_str("p", "ghp_secret").unwrap();
        let b = v.encrypt_str("p", "ghp_secret").unwrap();
        assert_ne!(a, b, "nonce must differ per encryption");
        assert!(!a.contains("ghp_secret"));
        assert_eq!(v.decrypt_str("p", &a).unwrap(), "ghp_secret");
    }

    #[test]
    fn wrong_key_purpose_or_corruption_is_a_clear_error() {
        let v = vault();
        let other = vault();
        let stored = v.encrypt_str("git_repository.credentials", "x").unwrap();
        let err = other
            .decrypt("git_repository.credentials", &stored)
            .unwrap_err();
        assert!(err.to_string().contains("configured key"), "{err}");
        let err = v.decrypt("fabric.kubernetes_token", &stored).unwrap_err();
        assert!(err.to_string().contains("decryption failed"), "{err}");
        let mut corrupted = stored.clone();
        corrupted.pop();
        corrupted.push('A');
        assert!(v.decrypt("git_repository.credentials", &corrupted).is_err());
        assert!(v.decrypt("p", "plaintext").is_err());
    }

    #[test]
    fn generated_key_file_is_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().join("data"),
            ..Config::default()
        };
        let first = Vault::load(&config).unwrap();
        let path = config.data_dir.join(DEFAULT_KEY_FILE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let second = Vault::load(&config).unwrap();
        assert_eq!(first.key_id(), second.key_id());
        let stored = first.encrypt_str("p", "v").unwrap();
        assert_eq!(second.decrypt_str("p", &stored).unwrap(), "v");
    }

    #[test]
    fn a_running_vault_follows_a_rotation_by_another_process() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        let running = Vault::load(&config).unwrap();
        let old_id = running.key_id();
        let old_value = running.encrypt_str("p", "before").unwrap();
        // Another process stages a new key, re-encrypts, and moves the key over the file.
        let path = dir.path().join(DEFAULT_KEY_FILE);
        let new_key = KeyMaterial::generate().unwrap();
        write_key_file(&pending_key_path(&path), &new_key, true).unwrap();
        // While staged, new values are already written under the new key.
        let staged_value = running.encrypt_str("p", "during").unwrap();
        assert!(staged_value.contains(&new_key.id()), "{staged_value}");
        let rotated = Vault::new(&new_key, KeySource::Environment).unwrap();
        let new_value = rotated.encrypt_str("p", "after").unwrap();
        std::fs::rename(pending_key_path(&path), &path).unwrap();
        assert_eq!(running.decrypt_str("p", &new_value).unwrap(), "after");
        assert_eq!(running.decrypt_str("p", &staged_value).unwrap(), "during");
        assert_eq!(running.key_id(), new_key.id());
        // The old key stays in the ring for values not re-encrypted yet.
        assert_eq!(running.decrypt_str("p", &old_value).unwrap(), "before");
        assert!(running.key_ids().contains(&old_id));
        // A key id found nowhere is still a clear error.
        let stranger = vault().encrypt_str("p", "x").unwrap();
        let err = running.decrypt_str("p", &stranger).unwrap_err().to_string();
        assert!(err.contains("configured key"), "{err}");
    }

    #[test]
    fn an_environment_key_follows_the_rotation_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = KeyMaterial::generate().unwrap();
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            secret_key: Some(crate::config::SecretString::new(key.to_base64())),
            ..Config::default()
        };
        let running = Vault::load(&config).unwrap();
        let new_key = KeyMaterial::generate().unwrap();
        write_key_file(&dir.path().join(ENV_ROTATION_FILE), &new_key, true).unwrap();
        let rotated = Vault::new(&new_key, KeySource::Environment).unwrap();
        let value = rotated.encrypt_str("p", "v").unwrap();
        assert_eq!(running.decrypt_str("p", &value).unwrap(), "v");
        assert!(
            running
                .encrypt_str("p", "w")
                .unwrap()
                .contains(&new_key.id())
        );
    }

    #[test]
    fn bad_key_configuration_is_reported() {
        let config = Config {
            secret_key: Some(crate::config::SecretString::new("c2hvcnQ=")),
            ..Config::default()
        };
        let err = Vault::load(&config).unwrap_err();
        assert!(err.to_string().contains("expected 32"), "{err}");
        let config = Config {
            secret_key_file: Some("/nonexistent/hnp.key".into()),
            ..Config::default()
        };
        let err = Vault::load(&config).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/hnp.key"), "{err}");
    }
}
