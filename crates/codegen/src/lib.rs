//! rgo-codegen (placeholder, being written).
