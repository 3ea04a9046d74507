//! `department-name-variant`: one division's name spelt differently across a year's sheets (cross-sheet).

use super::workspace::{Sink, Workspace};
use super::{Check, Rule};
use crate::diagnostics::work;
use crate::diagnostics::Severity;
use crate::messages::ja;
use std::collections::{BTreeMap, HashMap};

pub const RULE: Rule = Rule {
    id: "department-name-variant",
    severity: Severity::Hint,
    check: Check::Workspace(check),
};

/// Within one year, one 課 written two ways: the same names once width, spaces, codes and the form's
/// ignored additions (（室）) are set aside, or the same 課 with its 部 left out where only one 部 has it. The
/// spelling most sheets use is the reference; each sheet spelling it otherwise gets a hint.
fn check(ws: &Workspace, sink: &mut Sink) {
    let mut years: BTreeMap<Option<i32>, Vec<usize>> = BTreeMap::new();
    for (i, s) in ws.sheets.iter().enumerate() {
        if s.owner.as_ref().is_some_and(|o| !o.division_key.is_empty()) {
            years.entry(s.year).or_default().push(i);
        }
    }
    for sheets in years.values() {
        let owner = |i: usize| ws.sheets[i].owner.as_ref().expect("filtered above");
        // The department each 課 is written under this year, and whether it is written under another too.
        let mut departments: HashMap<&str, (&str, bool)> = HashMap::new();
        for &i in sheets {
            work::step(1);
            let o = owner(i);
            if !o.department_key.is_empty() {
                departments
                    .entry(o.division_key.as_str())
                    .and_modify(|(first, many)| *many |= *first != o.department_key)
                    .or_insert((o.department_key.as_str(), false));
            }
        }
        // Sheets by the 課 they evidently name: (部, 課), the 部 filled in where only one has that 課.
        let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for &i in sheets {
            let o = owner(i);
            let department = match departments.get(o.division_key.as_str()) {
                Some((only, false)) if o.department_key.is_empty() => only.to_string(),
                _ => o.department_key.clone(),
            };
            groups
                .entry((department, o.division_key.clone()))
                .or_default()
                .push(i);
        }
        for group in groups.values() {
            // Each spelling with its sheets, in the order first met.
            let mut spellings: Vec<(&str, Vec<usize>)> = Vec::new();
            let mut at: HashMap<&str, usize> = HashMap::new();
            for &i in group {
                work::step(1);
                let sp = owner(i).spelling.as_str();
                let k = *at.entry(sp).or_insert_with(|| {
                    spellings.push((sp, vec![]));
                    spellings.len() - 1
                });
                spellings[k].1.push(i);
            }
            if spellings.len() < 2 {
                continue;
            }
            // Most sheets first; among equals, the spelling met first.
            let reference = spellings
                .iter()
                .enumerate()
                .max_by_key(|(k, (_, v))| (v.len(), std::cmp::Reverse(*k)))
                .map(|(k, _)| k)
                .expect("two spellings");
            let (_, ref_sheets) = &spellings[reference];
            let r = ref_sheets[0];
            let ref_owner = owner(r);
            for (k, (_, v)) in spellings.iter().enumerate() {
                if k == reference {
                    continue;
                }
                for &i in v {
                    let s = ws.sheets[i];
                    let o = owner(i);
                    sink.emit(
                        i,
                        o.span.clone(),
                        ja(
                            "rules.department-name-variant.message",
                            &[
                                ("label", &s.owner_label),
                                ("written", &o.text),
                                ("reference", &ref_owner.text),
                                ("count", &ref_sheets.len()),
                            ],
                        ),
                    )
                    .related_in(
                        ws.sheets[r].file,
                        ref_owner.span.clone(),
                        ja("rules.department-name-variant.related", &[]),
                    );
                }
            }
        }
    }
}
