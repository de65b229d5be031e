//! The SARIF 2.1.0 report (`--format sarif`), for code-scanning tools such
//! as GitHub's `upload-sarif`.
//!
//! One run. `tool.driver.rules` lists the rules that appear in the results
//! (pack rules and built-in diagnostic ids like `schema/type`), in order of
//! first appearance, so `ruleIndex` can be assigned as results stream in.
//! Each result is serialized into one growing buffer the moment it arrives;
//! only the rule table is kept as data, and the log is assembled at
//! `finish` (the rules precede the results in the document).
//!
//! Locations: a text file's finding has a `physicalLocation` whose
//! `artifactLocation.uri` is the path as given (percent-encoded; relative
//! paths stay relative, with `uriBaseId` `%SRCROOT%`) and a `region` with
//! 1-based `startLine`/`startColumn`. An Excel cell cannot be a region: the
//! workbook is the artifact and the sheet and cell are a `logicalLocation`
//! of kind `cell` (and `properties.sheet`/`cell`). A group finding has a
//! `logicalLocation` of kind `group` named by its key, whose
//! `fullyQualifiedName` spells the `per` fields (`county=港北区/township=大圩镇`).
//! Waived findings carry an external, accepted `suppression`; every result
//! has `partialFingerprints.dudao/v1` = `rule|file|key`, so an alert stays
//! the same alert when its record moves.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::describe::{self, Place};
use super::{Context, Reporter};
use crate::data::FileFormat;
use crate::diag::{Finding, Location, Outcome, RuleRef, Severity, Shown, Summary};
use crate::i18n::report as msg;
use crate::model::TPart;

/// The schema the log declares.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the SARIF log to `W`.
pub struct SarifReporter<W: Write> {
    out: W,
    /// Rules in order of first appearance, with the first help seen.
    rules: Vec<(RuleRef, Option<String>)>,
    index: HashMap<RuleRef, usize>,
    /// The serialized results, comma-separated.
    results: Vec<u8>,
}

impl<W: Write> SarifReporter<W> {
    pub fn new(out: W) -> SarifReporter<W> {
        SarifReporter {
            out,
            rules: Vec::new(),
            index: HashMap::new(),
            results: Vec::new(),
        }
    }

    /// Gives the writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn rule_index(&mut self, finding: &Finding) -> usize {
        if let Some(&i) = self.index.get(&finding.rule) {
            return i;
        }
        let i = self.rules.len();
        self.rules.push((finding.rule, finding.help.clone()));
        self.index.insert(finding.rule, i);
        i
    }
}

impl<W: Write> Reporter for SarifReporter<W> {
    fn finding(&mut self, cx: &Context, finding: &Finding) -> io::Result<()> {
        let index = self.rule_index(finding);
        if !self.results.is_empty() {
            self.results.push(b',');
        }
        self.results.extend_from_slice(b"\n");
        serde_json::to_writer(&mut self.results, &result(cx, finding, index))?;
        Ok(())
    }

    fn finish(&mut self, cx: &Context, summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|(rule, help)| descriptor(cx, *rule, help.as_deref()))
            .collect();
        let driver = json!({
            "name": "dudao",
            "fullName": msg::SARIF_FULL_NAME.template(cx.lang),
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        let mut run_properties = Map::new();
        run_properties.insert("as_of".into(), json!(cx.as_of.to_string()));
        if let Some(plan) = &cx.pack.plan {
            run_properties.insert("plan".into(), json!(plan));
        }
        // Without timing, so the same input gives the same log.
        let mut summary = serde_json::to_value(summary)?;
        if let Some(counts) = summary.as_object_mut() {
            counts.remove("elapsed_ms");
        }
        run_properties.insert("summary".into(), summary);
        // The head, up to the results array, then the buffered results.
        let head = json!({
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "properties": run_properties,
        });
        let head = serde_json::to_string(&head)?;
        // `head` is an object: reopen it to append `results`.
        let open = head.strip_suffix('}').unwrap_or(&head);
        write!(
            self.out,
            "{{\"$schema\":\"{SCHEMA_URI}\",\"version\":\"2.1.0\",\"runs\":[{open},\"results\":["
        )?;
        self.out.write_all(&self.results)?;
        self.out.write_all(b"\n]}]}\n")?;
        self.out.flush()
    }
}

/// `level` for a severity: error, warning, note.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A `reportingDescriptor` for a rule.
fn descriptor(cx: &Context, rule: RuleRef, help: Option<&str>) -> Value {
    let id = describe::rule_id(cx, rule);
    let title = describe::rule_title(cx, rule);
    let mut d = Map::new();
    d.insert("id".into(), json!(id));
    d.insert("name".into(), json!(id));
    d.insert("shortDescription".into(), json!({ "text": title }));
    let mut properties = Map::new();
    match rule {
        RuleRef::Pack(i) => {
            let Some(r) = cx.pack.rules.get(i as usize) else {
                return Value::Object(d);
            };
            let mut full = title.to_owned();
            if let Some(cite) = &r.cite {
                full.push_str(&format!(" ({cite})"));
                if let Some(text) = cx.pack.plan_text.get(cite) {
                    full.push_str(&format!(": {text}"));
                }
                properties.insert("cite".into(), json!(cite));
            }
            d.insert("fullDescription".into(), json!({ "text": full }));
            d.insert(
                "defaultConfiguration".into(),
                json!({ "level": level(r.severity) }),
            );
            if let Some(due) = r.due {
                properties.insert("due".into(), json!(due.to_string()));
            }
            let mut tags: Vec<&str> = Vec::new();
            for tag in &r.tags {
                if !tags.contains(&tag.as_str()) {
                    tags.push(tag);
                }
            }
            if !tags.is_empty() {
                properties.insert("tags".into(), json!(tags));
            }
            properties.insert("severity".into(), json!(r.severity.as_str()));
        }
        RuleRef::Builtin(_) => {
            d.insert("fullDescription".into(), json!({ "text": title }));
            d.insert("defaultConfiguration".into(), json!({ "level": "error" }));
            properties.insert("builtin".into(), json!(true));
        }
    }
    // A pack rule's help is a template: its text stands for the rule only
    // when it has no holes. A built-in's advice is the first one seen.
    let help = match rule {
        RuleRef::Pack(i) => cx
            .pack
            .rules
            .get(i as usize)
            .and_then(|r| r.help.as_ref())
            .filter(|t| t.parts.iter().all(|p| matches!(p, TPart::Text(_))))
            .and(help),
        RuleRef::Builtin(_) => help,
    };
    if let Some(help) = help {
        d.insert("help".into(), json!({ "text": help }));
    }
    d.insert("properties".into(), Value::Object(properties));
    Value::Object(d)
}

/// One `result`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Value>,
    /// Stable across edits that move a record: rule, file and key.
    partial_fingerprints: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<Value>,
    properties: Map<String, Value>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

fn result<'a>(cx: &Context<'a>, finding: &'a Finding, rule_index: usize) -> SarifResult<'a> {
    let mut locations = Vec::new();
    let mut properties = Map::new();
    if let Some(location) = &finding.location {
        locations.push(location_json(cx, location, None, &mut properties));
    } else if !finding.group.is_empty() {
        let qualified: Vec<String> = finding
            .group
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        locations.push(json!({
            "logicalLocations": [{
                "name": finding.key.as_deref().unwrap_or_default(),
                "fullyQualifiedName": qualified.join("/"),
                "kind": "group",
            }]
        }));
    }
    let related_locations = finding
        .related
        .iter()
        .map(|l| {
            let mut ignored = Map::new();
            location_json(
                cx,
                l,
                Some(msg::EARLIER_RECORD.template(cx.lang)),
                &mut ignored,
            )
        })
        .collect();
    let rule = describe::pack_rule(cx, finding);
    let outcome = match finding.outcome {
        Outcome::Fail => "fail",
        Outcome::Missing => "missing",
        Outcome::Waived => "waived",
        Outcome::Error => "error",
    };
    properties.insert("outcome".into(), json!(outcome));
    properties.insert("severity".into(), json!(finding.severity.as_str()));
    properties.insert(
        "title".into(),
        json!(describe::rule_title(cx, finding.rule)),
    );
    if let Some(key) = &finding.key {
        properties.insert("key".into(), json!(key));
    }
    if !finding.group.is_empty() {
        let group: Map<String, Value> = finding
            .group
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        properties.insert("group".into(), Value::Object(group));
    }
    if let Some(record_type) = describe::record_type_name(cx, finding) {
        properties.insert("record_type".into(), json!(record_type));
    }
    if let Some(field) = finding
        .location
        .as_ref()
        .and_then(|l| describe::field(cx, finding, l))
    {
        properties.insert("field".into(), json!(field.name));
    }
    let values: Map<String, Value> = finding
        .values
        .iter()
        .map(|(k, v)| (k.clone(), shown_json(v)))
        .collect();
    properties.insert("values".into(), Value::Object(values));
    if let Some(help) = &finding.help {
        properties.insert("help".into(), json!(help));
    }
    if let Some(cite) = rule.and_then(|r| r.cite.as_deref()) {
        properties.insert("cite".into(), json!(cite));
    }
    if let Some(due) = rule.and_then(|r| r.due) {
        properties.insert("due".into(), json!(due.to_string()));
    }
    if finding.skipped > 0 {
        properties.insert("skipped".into(), json!(finding.skipped));
    }
    SarifResult {
        rule_id: describe::rule_id(cx, finding.rule),
        rule_index,
        level: level(finding.severity),
        message: Text {
            text: &finding.message,
        },
        locations,
        related_locations,
        partial_fingerprints: json!({ "dudao/v1": fingerprint(cx, finding) }),
        suppressions: (finding.outcome == Outcome::Waived)
            .then(|| json!([{ "kind": "external", "status": "accepted" }])),
        properties,
    }
}

/// What identifies a finding across runs: the rule, the file and the
/// subject's key (the line or cell when there is no key), joined by `|`.
fn fingerprint(cx: &Context, finding: &Finding) -> String {
    let place = finding.location.as_ref().map(|l| Place::of(cx, l));
    let file = place.as_ref().and_then(|p| p.file).unwrap_or_default();
    let subject = match (&finding.key, &place) {
        (Some(key), _) => key.clone(),
        (None, Some(p)) => match (&p.sheet, &p.cell, p.line) {
            (_, Some(cell), _) => format!("{}!{cell}", p.sheet.unwrap_or_default()),
            (_, None, Some(line)) => line.to_string(),
            _ => String::new(),
        },
        (None, None) => String::new(),
    };
    format!("{}|{file}|{subject}", describe::rule_id(cx, finding.rule))
}

/// A `location` for a place in a data file; sheet and cell also go into
/// `properties` (of the result) for Excel.
fn location_json(
    cx: &Context,
    location: &Location,
    message: Option<&str>,
    properties: &mut Map<String, Value>,
) -> Value {
    let place = Place::of(cx, location);
    let mut physical = Map::new();
    if let Some(path) = place.file {
        physical.insert("artifactLocation".into(), artifact_location(path));
    }
    if let (Some(line), Some(column)) = (place.line, place.column) {
        physical.insert(
            "region".into(),
            json!({ "startLine": line.max(1), "startColumn": column.max(1) }),
        );
    }
    let mut loc = Map::new();
    if !physical.is_empty() {
        loc.insert("physicalLocation".into(), Value::Object(physical));
    }
    let excel = describe::file(cx, location).is_some_and(|f| f.format == FileFormat::Excel);
    if excel && let Some(cell) = &place.cell {
        let name = match place.sheet {
            Some(sheet) => format!("{sheet}!{cell}"),
            None => cell.clone(),
        };
        loc.insert(
            "logicalLocations".into(),
            json!([{ "name": name, "fullyQualifiedName": name, "kind": "cell" }]),
        );
        if let Some(sheet) = place.sheet {
            properties.insert("sheet".into(), json!(sheet));
        }
        properties.insert("cell".into(), json!(cell));
    }
    if let Some(message) = message {
        loc.insert("message".into(), json!({ "text": message }));
    }
    Value::Object(loc)
}

/// `{"uri": …, "uriBaseId": "%SRCROOT%"}` for a relative path, `file://`
/// URI for an absolute one.
pub fn artifact_location(path: &str) -> Value {
    let slashed = path.replace('\\', "/");
    let bytes = slashed.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if slashed.starts_with('/') || windows_drive {
        let prefix = if windows_drive { "file:///" } else { "file://" };
        let mut uri = prefix.to_owned();
        if windows_drive {
            uri.push_str(&slashed[..2]);
            uri.push_str(&encode_uri_path(&slashed[2..]));
        } else {
            uri.push_str(&encode_uri_path(&slashed));
        }
        json!({ "uri": uri })
    } else {
        let relative = slashed.trim_start_matches("./");
        json!({ "uri": encode_uri_path(relative), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes every byte of `path` but the unreserved characters and
/// `/`, so any file name makes a valid URI reference (a `:` in the first
/// segment could otherwise read as a scheme).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A shown value as JSON: numbers (non-finite ones as strings), bools,
/// text, missing as null.
fn shown_json(value: &Shown) -> Value {
    match value {
        Shown::Missing => Value::Null,
        Shown::Bool(b) => json!(b),
        Shown::Text(t) => json!(t),
        Shown::Num(n) if n.is_nan() => json!("NaN"),
        Shown::Num(n) if n.is_infinite() => json!(if *n > 0.0 { "Infinity" } else { "-Infinity" }),
        Shown::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => json!(*n as i64),
        Shown::Num(n) => json!(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded_and_relative_paths_keep_their_base() {
        assert_eq!(
            artifact_location("fixtures/guigang/schools.csv"),
            json!({"uri": "fixtures/guigang/schools.csv", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("./data/学校 1.csv")["uri"],
            "data/%E5%AD%A6%E6%A0%A1%201.csv"
        );
        assert_eq!(
            artifact_location("/srv/data/a#b.csv"),
            json!({"uri": "file:///srv/data/a%23b.csv"})
        );
        assert_eq!(
            artifact_location("C:\\data\\x.csv"),
            json!({"uri": "file:///C:/data/x.csv"})
        );
        assert_eq!(artifact_location("a:b.csv")["uri"], "a%3Ab.csv");
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
