//! A reporter that reads no finding text (`-q`) gets the same findings —
//! rule, outcome, severity, key, location, in the same order — and the same
//! summary as one that does; only message, help and values are left empty.

use dudao::diag::{Finding, Summary};
use dudao::report::{Context, Reporter};
use dudao::run::CheckRequest;
use dudao::value::Date;

struct Record {
    text: bool,
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
}

fn run(text: bool) -> Record {
    let pack = dudao::check::load_paths(&["rules/guigang".to_string()])
        .unwrap_or_else(|e| panic!("{}", dudao::check::render_errors(&e, false)));
    let request = CheckRequest {
        data: vec!["fixtures".to_string()],
        read: Default::default(),
        selection: Default::default(),
        as_of: Date::from_ymd(2023, 6, 1).expect("a date"),
    };
    let mut record = Record {
        text,
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
