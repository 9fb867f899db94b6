//! rgo-types (placeholder, being written).
