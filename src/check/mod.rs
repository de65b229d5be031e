//! Placeholder until the check branch lands.
use crate::model::Pack;
#[derive(Debug)]
pub struct LoadError;
pub fn load_sources(_: Vec<(String, String)>) -> Result<Pack, Vec<LoadError>> {
    Err(vec![LoadError])
}
pub fn load_paths(_: &[String]) -> Result<Pack, Vec<LoadError>> {
    Err(vec![LoadError])
}
pub fn render_errors(_: &[LoadError], _: bool) -> String {
    String::new()
}
