//! Text primitives: width folding, lines and positions, decoding, Japanese fiscal years.
pub mod decode;
pub mod fold;
pub mod lines;
pub mod year;

pub use fold::{edit_distance, fold, fold_code, Folded};
pub use lines::{ColumnUnit, LineCol, LineIndex};
