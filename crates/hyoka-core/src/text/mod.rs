//! Text primitives: width folding, lines and positions, decoding.
pub mod decode;
pub mod fold;
pub mod lines;

pub use fold::{edit_distance, fold, fold_code, Folded};
pub use lines::{ColumnUnit, LineCol, LineIndex};
