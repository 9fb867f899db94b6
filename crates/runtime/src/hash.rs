//! The hash function behind every map: a wyhash-style mix of 64-bit multiplications
//! (fast, good avalanche, keyed by a per-map seed so that keys an attacker picks
//! cannot be made to collide on every map). Pure logic: tests/pure.rs uses it on the host.

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const P3: u64 = 0x5899_65cc_7537_4cc3;

/// The 128-bit product of a and b folded to 64 bits.
#[inline(always)]
pub fn mix(a: u64, b: u64) -> u64 {
    let r = (a as u128) * (b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline(always)]
unsafe fn r8(p: *const u8) -> u64 {
    unsafe { u64::from_le(core::ptr::read_unaligned(p as *const u64)) }
}

#[inline(always)]
unsafe fn r4(p: *const u8) -> u64 {
    unsafe { u32::from_le(core::ptr::read_unaligned(p as *const u32)) as u64 }
}

/// Hash of the n bytes at p with the given seed.
pub unsafe fn memhash(p: *const u8, seed: u64, n: usize) -> u64 {
    let mut seed = seed ^ mix(seed ^ P0, P1);
    let (a, b);
    unsafe {
        if n <= 16 {
            if n >= 4 {
                // Two overlapping 4-byte reads from each end cover 4..=16 bytes.
                let q = (n >> 3) << 2;
                a = (r4(p) << 32) | r4(p.add(q));
                b = (r4(p.add(n - 4)) << 32) | r4(p.add(n - 4 - q));
            } else if n > 0 {
                a = ((*p as u64) << 16) | ((*p.add(n >> 1) as u64) << 8) | *p.add(n - 1) as u64;
                b = 0;
            } else {
                a = 0;
                b = 0;
            }
        } else {
            let mut i = n;
            let mut q = p;
            if i > 48 {
                let (mut s1, mut s2) = (seed, seed);
                while i > 48 {
                    seed = mix(r8(q) ^ P1, r8(q.add(8)) ^ seed);
                    s1 = mix(r8(q.add(16)) ^ P2, r8(q.add(24)) ^ s1);
                    s2 = mix(r8(q.add(32)) ^ P3, r8(q.add(40)) ^ s2);
                    q = q.add(48);
                    i -= 48;
                }
                seed ^= s1 ^ s2;
            }
            while i > 16 {
                seed = mix(r8(q) ^ P1, r8(q.add(8)) ^ seed);
                q = q.add(16);
                i -= 16;
            }
            // The last 16 bytes of the input (they may overlap what was mixed).
            a = r8(q.add(i).sub(16));
            b = r8(q.add(i).sub(8));
        }
    }
    mix(P1 ^ n as u64, mix(a ^ P1, b ^ seed))
}

/// Hash of one 64-bit word (pointers, ints, the fast path of small keys).
#[inline]
pub fn hash64(v: u64, seed: u64) -> u64 {
    mix(P1 ^ 8, mix(v ^ P1, seed ^ mix(seed ^ P0, P1)))
}

/// The next value of a wyrand generator whose state is `s` (already advanced).
#[inline]
pub fn wyrand(s: u64) -> u64 {
    mix(s, s ^ P1)
}

/// What a wyrand state advances by each step.
pub const WYRAND_STEP: u64 = P0;
