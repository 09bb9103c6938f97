//! Security: the credentials vault (a key ring, rotation-aware), the encrypted columns and key
//! rotation, and users, passwords, API tokens and login sessions.

pub mod auth;
pub mod secrets;
mod tokens;
pub mod vault;
