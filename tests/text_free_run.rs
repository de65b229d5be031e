//! A reporter that reads no finding text (`-q`) gets the same findings —
//! rule, outcome, severity, key, location, in the same order — and the same
//! summary as one that does; only message, help and values are left empty.

use dudao::diag::{Finding, Summary};
use dudao::report::{Context, Reporter};
use dudao::run::CheckRequest;
use dudao::value::Date;

struct Record {
    text: bool,
    findings_wanted: bool,
    findings: Vec<Finding>,
    summary: Option<Summary>,
}

impl Reporter for Record {
    fn finding(&mut self, _: &Context, f: &Finding) -> std::io::Result<()> {
        self.findings.push(f.clone());
        Ok(())
    }
    fn finish(&mut self, _: &Context, s: &Summary) -> std::io::Result<()> {
        self.summary = Some(Summary {
            elapsed_ms: 0,
            ..s.clone()
        });
        Ok(())
    }
    fn wants_text(&self) -> bool {
        self.text
    }
    fn wants_findings(&self) -> bool {
        self.findings_wanted
    }
}

/// The shipped pack over every fixture.
const GUIGANG: (&str, &str, (i32, u32, u32)) = ("rules/guigang", "fixtures", (2023, 6, 1));
/// A small pack with waivers in every state.
const MINI: (&str, &str, (i32, u32, u32)) = (
    "tests/fixtures/mini/pack.dudao",
    "tests/fixtures/mini/schools.csv",
    (2026, 11, 28),
);

fn run(text: bool) -> Record {
    run_with(GUIGANG, text, true)
}

fn run_with(
    (pack, data, (y, m, d)): (&str, &str, (i32, u32, u32)),
    text: bool,
    findings_wanted: bool,
) -> Record {
    let pack = dudao::check::load_paths(&[pack.to_string()])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let request = CheckRequest {
        data: vec![data.to_string()],
        read: Default::default(),
        selection: Default::default(),
        as_of: Date::from_ymd(y, m, d).expect("a date"),
    };
    let mut record = Record {
        text,
        findings_wanted,
        findings: Vec::new(),
        summary: None,
    };
    dudao::run::check(&pack, &request, &mut record).expect("the run completes");
    record
}

#[test]
fn findings_without_text_are_the_same_findings() {
    let full = run(true);
    let bare = run(false);
    assert_eq!(full.summary, bare.summary);
    assert_eq!(full.findings.len(), bare.findings.len());
    assert!(full.findings.len() > 100, "{}", full.findings.len());
    for (f, b) in full.findings.iter().zip(&bare.findings) {
        assert_eq!(
            (f.rule, f.outcome, f.severity, f.scope),
            (b.rule, b.outcome, b.severity, b.scope)
        );
        assert_eq!(
            (&f.key, &f.group, &f.location),
            (&b.key, &b.group, &b.location)
        );
        if matches!(f.rule, dudao::diag::RuleRef::Pack(_)) {
            assert!(!f.message.is_empty());
            assert!(b.message.is_empty() && b.help.is_none() && b.values.is_empty());
        } else {
            // The readers' and waivers' own findings always carry their text.
            assert_eq!(f, b);
        }
    }
}

/// A reporter that only counts (`-q`) gets the same summary, but record
/// findings of rules without waivers are counted by the engine instead of
/// handed over; everything else arrives as before, in the same order.
#[test]
fn a_counting_reporter_gets_the_same_summary() {
    for case in [GUIGANG, MINI] {
        let pack = dudao::check::load_paths(&[case.0.to_string()]).expect("loads");
        let full = run_with(case, false, true);
        let counted = run_with(case, false, false);
        assert_eq!(full.summary, counted.summary, "{}", case.0);
        let kept_by_engine = |f: &&Finding| {
            let dudao::diag::RuleRef::Pack(r) = f.rule else {
                return true;
            };
            f.scope != dudao::diag::Scope::Record || pack.waivers.iter().any(|w| w.rule == r)
        };
        let kept: Vec<&Finding> = full.findings.iter().filter(kept_by_engine).collect();
        assert!(kept.len() < full.findings.len(), "{}", case.0);
        assert_eq!(
            kept,
            counted.findings.iter().collect::<Vec<_>>(),
            "{}",
            case.0
        );
    }
    let mini = run_with(MINI, false, false);
    assert!(
        mini.findings
            .iter()
            .any(|f| f.outcome == dudao::diag::Outcome::Waived),
        "a waived failure is still built and handed over"
    );
}
