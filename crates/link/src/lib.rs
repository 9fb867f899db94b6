//! rgo-link (placeholder, being written).
