//! A network's `params` table deserialized into a protocol's configuration type.

use super::error::InputError;
use super::source::Source;
use serde::de::DeserializeOwned;
use toml::Spanned;

/// Deserializes network `index`'s `params` table into a protocol's configuration, with errors
/// pointing into the scenario file.
pub fn parse_params<C: DeserializeOwned>(source: &Source, index: usize) -> Result<C, InputError> {
    use toml::de::{DeTable, DeValue, ValueDeserializer};
    let err = |e: toml::de::Error| InputError::from_toml(&source.path, &source.text, &e);
    let root = DeTable::parse(&source.text).map_err(err)?;
    let span = root.span();
    let root = DeValue::Table(root.into_inner());
    let params = root
        .get("networks")
        .and_then(|n| n.get_ref().get(index))
        .and_then(|n| n.get_ref().get("params"))
        .cloned()
        .unwrap_or_else(|| Spanned::new(span, DeValue::Table(Default::default())));
    C::deserialize(ValueDeserializer::from(params)).map_err(|e| {
        let mut e = err(e);
        e.message = format!("in `params` of network {}: {}", index + 1, e.message);
        e
    })
}
