//! rgo-asm (placeholder, being written).
