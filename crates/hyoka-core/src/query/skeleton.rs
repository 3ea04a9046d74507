//! A new, empty sheet of a form.

use crate::form::Form;

/// A new sheet for fiscal year `n` (Gregorian) with every section and required part, for an empty file.
pub fn skeleton(form: &Form, n: i32) -> String {
    form.render().skeleton(n)
}
