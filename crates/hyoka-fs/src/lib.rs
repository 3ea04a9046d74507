//! hyoka-fs: everything that touches the file system, shared by the command line and the language server.
//! hyoka-core stays pure (it is compiled to WebAssembly); this crate reads sheets, forms and configs safely,
//! writes fixes safely, walks folders, and turns paths into URIs by one policy.
#![forbid(unsafe_code)]

pub mod clock;
pub mod load;
pub mod paths;
pub mod read;
pub mod settings;
pub mod walk;
pub mod write;

pub use read::{read_regular, Fingerprint, ReadError};
