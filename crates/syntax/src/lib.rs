//! rgo-syntax (placeholder, being written).
