//! `dudao check --format html`: the inspector's report, driven through the
//! binary; and, when a Chromium is installed, rendered in it headless.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const HEADER: &str = "学校标识码,学校名称,县(市、区),乡镇,办学类型,公办,在校生数,寄宿生数,宿舍床位数,学生用计算机,出口带宽\n";
const SCRIPT_NAME: &str = "<script>alert(1)</script>";
const IMG_NAME: &str = "<img src=x onerror=alert(2)>";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `dudao check DATA… --as-of 2026-11-28 --format html -o OUT` and
/// returns the report, in Chinese (the inspector's language).
fn report(data: &[&str], extra: &[&str], out: &Path) -> String {
    report_in("zh", data, extra, out)
}

/// [`report`] in the language `lang` (`en` or `zh`).
fn report_in(lang: &str, data: &[&str], extra: &[&str], out: &Path) -> String {
    let status = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .env("LC_ALL", "C")
        .current_dir(manifest())
        .arg("check")
        .args(data)
        .args([
            "--as-of",
            "2026-11-28",
            "--format",
            "html",
            "--lang",
            lang,
            "-o",
        ])
        .arg(out)
        .args(extra)
        .status()
        .expect("dudao runs");
    assert_eq!(status.code(), Some(1), "findings make exit status 1");
    std::fs::read_to_string(out).expect("the report was written")
}

/// A CSV of the mini pack whose schools have hostile names; every school
/// fails BOARD-001 (fewer beds than boarders).
fn hostile_csv(dir: &Path) -> PathBuf {
    let mut csv = String::from(HEADER);
    let names = [
        SCRIPT_NAME.to_owned(),
        IMG_NAME.to_owned(),
        "\"\"\"引号\"\" & 'apos' \u{1b}[31m\u{202e}倒\"".to_owned(),
        "</td></tr></table><b>bold</b>".to_owned(),
    ];
    for (i, name) in names.iter().enumerate() {
        let name = if name.starts_with('"') {
            name.clone()
        } else {
            format!("\"{}\"", name.replace('"', "\"\""))
        };
        let _ = writeln!(
            csv,
            "450802100{i},{name},\"港北区\",大圩镇,小学,是,500,100,50,60,100M"
        );
    }
    // A county name that tries to leave an attribute.
    csv.push_str(
        "4508021009,戊小学,\"\"\"><svg/onload=alert(3)>\",大圩镇,小学,是,500,100,50,60,100M\n",
    );
    let path = dir.join("hostile.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn mini_pack() -> String {
    manifest()
        .join("tests/fixtures/mini/pack.dudao")
        .display()
        .to_string()
}

#[test]
fn guigang_report_has_totals_matrix_chart_and_drill_down() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let html = report(&["fixtures/guigang"], &[], &out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Totals from the summary (1512 records, 42 rules, 1682 errors).
    assert!(html.contains("data-total=\"records\"><span class=\"n\">1,512</span>"));
    assert!(html.contains("data-total=\"rules\"><span class=\"n\">42</span>"));
    assert!(html.contains("data-total=\"error\"><span class=\"n\">1,682</span>"));
    // The county × rule matrix and the bar chart.
    assert!(html.contains("<table class=\"matrix\">"));
    assert!(html.contains("<svg class=\"bars\""));
    // A county record finding, with its plan clause and help.
    assert!(html.contains("港南区学前教育毛入园率 90.4%,低于 91%"));
    assert!(html.contains("扩大普惠性学前教育资源"));
    // Each county is a collapsible section; school findings are placed in
    // their county by reading the record's 县(市、区) cell.
    for county in ["港北区", "港南区", "覃塘区", "桂平市", "平南县", "市直"] {
        assert!(
            html.contains(&format!(
                "<details class=\"county\" data-county=\"{county}\">"
            )),
            "{county} has a section"
        );
    }
    assert!(
        !html.contains("data-county=\"（未知）\""),
        "every county known"
    );
    // Schools per county (read back from the data) and the share without
    // any record finding: 港北区 has 172 schools, 104 of them with findings.
    assert!(html.contains(
        "<tr><th scope=\"row\">港北区</th><td>172</td><td class=\"l5 rate\" title=\"68 / 172\">40%</td>"
    ));
    assert!(html.contains("<span class=\"counts\">学校 172 所，有问题 104 所 · "));
    // A school record finding names its school, and its row is searchable.
    assert!(html.contains("data-rule=\"BOARD-001\""));
    assert!(html.contains("贵港市高级中学"));
    // Group findings land in their county; overall ones in 全市指标.
    assert!(html.contains("平南县同和镇有学校 15 所,但没有一所公办幼儿园"));
    assert!(html.contains("<h2 id=\"overall\">全市指标与其他</h2>"));
    assert!(html.contains("全市中职招生 12218 人"));
    // The plan sentence a rule cites is quoted.
    assert!(html.contains("<span class=\"cite\">《规划》二(九)1</span>"));
    // Self-contained: no remote loads, a CSP with hashes, no inline handlers.
    assert!(!html.contains("http://") || only_svg_namespace(&html));
    assert!(!html.contains("https://"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
    ));
    assert!(html.contains("script-src &#39;sha256-"));
    assert!(!html.contains("unsafe-inline"));
    assert!(!html.contains(" onclick=") && !html.contains(" onload="));
    assert_eq!(html.matches("<script").count(), 1);
    // Print: A4, a page per county.
    assert!(html.contains("@page{size:A4"));
    assert!(html.contains("details.county{border:0;padding:0;break-before:page}"));
    // Chinese font stack for Windows, macOS and Linux.
    assert!(
        html.contains(
            "\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\""
        )
    );
}

/// The matrix shows compliance rates computed by the engine: per county and
/// rule, the passed share of the decided checks, with the counts in the
/// cell's title. Expected values worked out by hand from the mini fixture
/// (8 schools in two counties) and the mini pack's rules.
#[test]
fn matrix_shows_compliance_rates_per_county_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let html = report(
        &["tests/fixtures/mini/schools.csv"],
        &["-r", &mini_pack()],
        &out,
    );
    let cell = |county: &str, rule: &str, class: &str, counts: (u64, u64, u64, u64), text: &str| {
        let (pass, decided, fail, missing) = counts;
        format!(
            "<td class=\"{class}\" title=\"{county} · {rule}：达标 {pass} / {decided} · 不达标 {fail} · 缺数据 {missing}\">{text}</td>"
        )
    };
    let expected = [
        // 120 beds ≥ 100 passes; 60 < 100 (waived) and 150 < 200 (waiver
        // expired) fail; a blank 寄宿生数 skips the school; 0 boarders exclude.
        cell("港北区", "BOARD-001", "l5", (1, 3, 2, 0), "33%"),
        // No school of 港南区 has boarders: nothing to decide.
        cell("港南区", "BOARD-001", "none", (0, 0, 0, 0), ""),
        // Both junior schools of 港北区 have 1G; 港南区's has 百兆.
        cell("港北区", "NET-001", "l0", (2, 2, 0, 0), "100%"),
        cell("港南区", "NET-001", "l5", (0, 1, 1, 0), "0%"),
        // 港北区's public kindergarten has 300 of 800 children (37.5 %);
        // 港南区's only kindergarten has no readable 在校生数 (0 / 0).
        cell("港北区", "PRE-001", "l5", (0, 1, 1, 0), "0%"),
        cell("港南区", "PRE-001", "none", (0, 0, 0, 1), "缺数据"),
        // Townships: 大圩镇 has a public kindergarten, 根竹镇 and 桥圩镇 not.
        cell("港北区", "TOWN-001", "l4", (1, 2, 1, 0), "50%"),
        cell("港南区", "TOWN-001", "l5", (0, 1, 1, 0), "0%"),
    ];
    for cell in expected {
        assert!(html.contains(&cell), "the matrix has {cell}");
    }
    // The overall rule has no county and no column.
    assert!(!html.contains("title=\"港北区 · ALL-001"));
    // Schools per county come from the engine too.
    assert!(html.contains("<tr><th scope=\"row\">港北区</th><td>6</td>"));
    assert!(html.contains("<tr><th scope=\"row\">港南区</th><td>2</td>"));
}

/// The engine's per-county counts are sums over fixed chunks: the report is
/// the same bytes for any number of threads.
#[test]
fn report_is_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = report(
        &["fixtures/guigang"],
        &["-j", "1"],
        &dir.path().join("1.html"),
    );
    let two = report(
        &["fixtures/guigang"],
        &["-j", "2"],
        &dir.path().join("2.html"),
    );
    assert!(one.contains("title=\"港北区 · BOARD-001：达标 "));
    assert_eq!(one, two);
}

/// The only `http://` in a report is the SVG namespace.
fn only_svg_namespace(html: &str) -> bool {
    html.matches("http://").count() == html.matches("http://www.w3.org/2000/svg").count()
}

#[test]
fn hostile_names_are_escaped_text() {
    let dir = tempfile::tempdir().unwrap();
    let csv = hostile_csv(dir.path());
    let out = dir.path().join("report.html");
    let html = report(
        &[csv.to_str().unwrap()],
        &["-r", &mini_pack(), "--select", "BOARD-001"],
        &out,
    );
    assert!(!html.contains(SCRIPT_NAME), "raw script tag from data");
    assert!(!html.contains("<img"), "raw img tag from data");
    assert!(!html.contains("<b>bold"), "raw markup from data");
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the report's own script"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;bold&lt;/b&gt;"));
    // Quotes are entities; ESC and the right-to-left override are visible.
    assert!(html.contains("&quot;引号&quot; &amp; &#39;apos&#39; \\u{1b}[31m\\u{202e}倒"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    // In the search attribute too, lower-cased.
    assert!(html.contains("data-search=\"&lt;script&gt;alert(1)&lt;/script&gt; 4508021000\""));
    // The county comes from the record's own line.
    assert_eq!(
        html.matches("<tr class=\"finding\" data-county=\"港北区\"")
            .count(),
        4
    );
    // A hostile county stays inside its attributes (matrix, filter, section).
    assert!(!html.contains("<svg/onload"));
    assert!(!html.contains("\"><svg"));
    assert_eq!(html.matches("<svg").count(), 1, "only the chart");
    assert!(html.contains(
        "<details class=\"county\" data-county=\"&quot;&gt;&lt;svg/onload=alert(3)&gt;\">"
    ));
    assert!(html.contains("<option value=\"&quot;&gt;&lt;svg/onload=alert(3)&gt;\">"));
}

#[test]
fn many_findings_are_capped_per_county_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(HEADER);
    for i in 0..20_000u32 {
        let county = ["港北区", "港南区"][(i % 2) as usize];
        let _ = writeln!(
            csv,
            "45{i:08},学校{i},{county},镇{},小学,是,500,100,50,60,100M",
            i % 50
        );
    }
    let data = dir.path().join("many.csv");
    std::fs::write(&data, csv).unwrap();
    let out = dir.path().join("report.html");
    let html = report(
        &[data.to_str().unwrap()],
        &["-r", &mini_pack(), "--select", "BOARD-001"],
        &out,
    );
    // 10,000 failures per county, 50 rows shown in each.
    assert!(html.contains("data-total=\"fail\"><span class=\"n\">20,000</span>"));
    assert_eq!(
        html.matches("<tr class=\"finding\" data-county=\"港")
            .count(),
        100
    );
    assert_eq!(html.matches("… 另有 9,950 条").count(), 2);
    assert!(html.len() < 1_000_000, "report is {} bytes", html.len());
}

/// A Chromium to render with: `$DUDAO_CHROMIUM`, or one on PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DUDAO_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Runs headless Chromium on `page` with `args` and returns its stdout.
fn headless(browser: &Path, page: &Path, args: &[&str]) -> String {
    headless_at(browser, page, "", args)
}

/// As [`headless`], with a `#fragment` (the report's linked filter).
fn headless_at(browser: &Path, page: &Path, fragment: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}{fragment}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

#[test]
fn report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED report_renders_in_headless_chromium: no chromium on PATH (install Debian's `chromium`, or set DUDAO_CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    // The Guigang report: totals and a known finding in the rendered DOM,
    // and the script ran (the CSP hash admitted it): it marks <html class="js">
    // and fills in the count of shown findings.
    let page = dir.path().join("report.html");
    let html = report(&["fixtures/guigang"], &[], &page);
    let rows = html.matches("<tr class=\"finding\"").count();
    let dom = headless(&browser, &page, &["--dump-dom"]);
    assert!(
        dom.contains("<html lang=\"zh-CN\" class=\"js\">"),
        "the script ran"
    );
    assert!(
        dom.contains(&format!("<output id=\"f-count\">{rows}</output>")),
        "all {rows} rows counted"
    );
    assert!(dom.contains("<span class=\"n\">1,512</span>"));
    assert!(dom.contains("港南区学前教育毛入园率 90.4%,低于 91%"));
    assert!(dom.contains("<svg class=\"bars\""));
    // Its own words are Chinese.
    for heading in [
        "总览",
        "县（市、区）× 规则 达标率",
        "各规则问题数",
        "问题明细",
        "全市指标与其他",
    ] {
        assert!(dom.contains(&format!(">{heading}</h2>")), "{heading}");
    }
    assert!(dom.contains("<span class=\"label\">建议：</span>"));

    // The same report in English: the script runs as well (the CSP hashes
    // do not depend on the language), and the page's own words are English.
    let english = dir.path().join("report-en.html");
    let html = report_in("en", &["fixtures/guigang"], &[], &english);
    assert_eq!(html.matches("<tr class=\"finding\"").count(), rows);
    let dom = headless(&browser, &english, &["--dump-dom"]);
    assert!(
        dom.contains("<html lang=\"en\" class=\"js\">"),
        "the script ran in the English page"
    );
    assert!(dom.contains(&format!("showing <output id=\"f-count\">{rows}</output>")));
    assert!(dom.contains("<span class=\"n\">1512</span><span class=\"l\">records</span>"));
    for heading in [
        "Overview",
        "County × rule compliance rate",
        "Findings per rule",
        "Findings",
        "City-wide indicators and other findings",
    ] {
        assert!(dom.contains(&format!(">{heading}</h2>")), "{heading}");
    }
    for chinese in ["总览", "问题明细", "建议", "《规划》", "不达标"] {
        assert!(!dom.contains(chinese), "{chinese} in the English page");
    }
    // The pack's own words stay as the pack wrote them.
    assert!(dom.contains("港南区学前教育毛入园率 90.4%,低于 91%"));

    // Filtering (preset through the URL fragment): only VOC-001's warning
    // shows, every other row and county section is hidden.
    let dom = headless_at(
        &browser,
        &page,
        "#sev=warning&rule=VOC-001",
        &["--dump-dom"],
    );
    assert!(
        dom.contains("<output id=\"f-count\">1</output>"),
        "one row shown"
    );
    assert_eq!(dom.matches("<tr class=\"finding\"").count(), rows);
    assert_eq!(
        dom.matches("\" hidden=\"\"><td>").count(),
        rows - 1,
        "other rows hidden"
    );
    assert!(dom.contains("<details class=\"county\" data-county=\"港北区\" hidden=\"\">"));
    let dom = headless_at(
        &browser,
        &page,
        "#q=%E8%B4%B5%E6%B8%AF%E5%B8%82%E9%AB%98%E7%BA%A7%E4%B8%AD%E5%AD%A6",
        &["--dump-dom"],
    );
    assert!(
        !dom.contains("<output id=\"f-count\">0</output>"),
        "search by school name finds it"
    );
    assert!(
        !dom.contains(&format!("<output id=\"f-count\">{rows}</output>")),
        "and only it"
    );

    // The screenshot, kept as an artifact.
    let png = manifest().join("target/html-report.png");
    headless(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1400,1000",
        ],
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
    assert!(bytes.len() > 10_000, "not blank");
    eprintln!("screenshot: {}", png.display());

    // Hostile names: no element comes from data, the text reads as written.
    let csv = hostile_csv(dir.path());
    let page = dir.path().join("hostile.html");
    let html = report(
        &[csv.to_str().unwrap()],
        &["-r", &mini_pack(), "--select", "BOARD-001"],
        &page,
    );
    let rows = html.matches("<tr class=\"finding\"").count();
    let dom = headless(&browser, &page, &["--dump-dom"]);
    assert!(dom.contains("<html lang=\"zh-CN\" class=\"js\">"));
    assert!(!dom.contains("<img"), "no img element in the DOM");
    assert!(!dom.contains("<b>"), "no b element in the DOM");
    assert_eq!(dom.matches("<svg").count(), 1, "no svg element from data");
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the report's script"
    );
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(dom.contains(&format!("<output id=\"f-count\">{rows}</output>")));
}

#[test]
fn schools_are_placed_in_their_county_from_gbk_csv_and_excel() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in ["fixtures/guigang-gbk", "fixtures/guigang-xlsx"] {
        let out = dir.path().join("report.html");
        let html = report(&[fixture], &[], &out);
        assert!(!html.contains("（未知）"), "{fixture}: every county known");
        assert!(
            html.contains("<tr class=\"finding\" data-county=\"桂平市\" data-sev=\"error\" data-rule=\"BOARD-001\""),
            "{fixture}: a school finding in 桂平市"
        );
        // The school's name is read back from its row.
        assert!(
            html.contains("data-search=\"贵港市高级中学 3445000400\""),
            "{fixture}"
        );
        assert!(
            html.contains("<span class=\"counts\">学校 540 所，"),
            "{fixture}: 桂平市 counted"
        );
    }
}
