//! Host tests of the runtime's pure logic: the modules below have no runtime
//! dependencies, so they are compiled here as plain modules (the runtime itself is a
//! no_std staticlib that only runs inside programs rgo links). Run with
//! `cargo test --manifest-path crates/runtime/Cargo.toml`.
#![allow(dead_code)]

#[path = "../src/hash.rs"]
mod hash;
#[path = "../src/hashmap.rs"]
mod hashmap;
#[path = "../src/selectorder.rs"]
mod selectorder;
#[path = "../src/sizeclasses.rs"]
mod sizeclasses;
#[path = "../src/utf8.rs"]
mod utf8;

/// hashmap.rs writes pointers through the runtime's write-barrier helpers; on the
/// host there is no collector, so they are the plain writes.
mod mgcwb {
    pub unsafe fn typedmemmove(dst: *mut u8, src: *const u8, n: usize) {
        unsafe { core::ptr::copy(src, dst, n) }
    }
    pub unsafe fn memclr_has_pointers(dst: *mut u8, n: usize) {
        unsafe { core::ptr::write_bytes(dst, 0, n) }
    }
    pub unsafe fn write_ptr<T>(slot: *mut *mut T, v: *mut T) {
        unsafe { *slot = v }
    }
}

use std::collections::{HashMap, HashSet};

#[test]
fn roundupsize_matches_gc_classes() {
    use sizeclasses::roundupsize;
    assert_eq!(roundupsize(0), 0);
    assert_eq!(roundupsize(1), 8);
    assert_eq!(roundupsize(8), 8);
    assert_eq!(roundupsize(9), 16);
    assert_eq!(roundupsize(33), 48);
    assert_eq!(roundupsize(1025), 1152);
    assert_eq!(roundupsize(32768), 32768);
    assert_eq!(roundupsize(32769), 40960);
}

/// cap() after appending one element at a time, as printed by gc 1.19 (go run of
/// `s = append(s, x); if cap(s) != last { println(cap(s)) }` for each type).
#[test]
fn append_capacities_match_gc() {
    fn caps(elemsize: usize, upto: usize) -> Vec<usize> {
        let (mut cap, mut out) = (0, vec![]);
        for len in 1..=upto {
            if len > cap {
                cap = sizeclasses::growslice_cap(elemsize, cap, len).unwrap().0;
                out.push(cap);
            }
        }
        out
    }
    assert_eq!(
        caps(8, 2000),
        [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 848, 1280, 1792, 2560]
    );
    assert_eq!(caps(1, 2000), [8, 16, 32, 64, 128, 256, 512, 896, 1408, 2048]);
    assert_eq!(caps(24, 1000), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 853, 1365]);
    assert_eq!(caps(4, 1000), [2, 4, 8, 16, 32, 64, 128, 256, 512, 864, 1344]);
    // append(s, many...) past double: the needed length, rounded to a class.
    assert_eq!(sizeclasses::growslice_cap(8, 2, 5).unwrap().0, 6);
    assert_eq!(sizeclasses::growslice_cap(1, 0, 3).unwrap().0, 8);
    assert!(sizeclasses::growslice_cap(8, 0, 1 << 62).is_none());
}

#[test]
fn utf8_decoding_follows_go() {
    let d = |s: &[u8]| {
        let mut out = vec![];
        let mut k = 0;
        while k < s.len() {
            let (r, n) = utf8::decoderune(s, k);
            out.push((r, n));
            k = n;
        }
        out
    };
    assert_eq!(d("aé€😀".as_bytes()), [(97, 1), (0xE9, 3), (0x20AC, 6), (0x1F600, 10)]);
    // Invalid: a lone continuation, a truncated sequence, an overlong form, a surrogate.
    assert_eq!(d(b"\x80"), [(0xFFFD, 1)]);
    assert_eq!(d(b"\xE2\x82"), [(0xFFFD, 1), (0xFFFD, 2)]);
    assert_eq!(d(b"\xC0\xAF"), [(0xFFFD, 1), (0xFFFD, 2)]);
    assert_eq!(d(b"\xED\xA0\x80"), [(0xFFFD, 1), (0xFFFD, 2), (0xFFFD, 3)]);
    let mut buf = [0u8; 4];
    for r in [0x41u32, 0xE9, 0x20AC, 0x1F600] {
        let n = utf8::encoderune(&mut buf, r);
        assert_eq!(&buf[..n], char::from_u32(r).unwrap().to_string().as_bytes());
    }
    assert_eq!(utf8::valid_or_error(0xD800), 0xFFFD);
    assert_eq!(utf8::valid_or_error(-1), 0xFFFD);
    assert_eq!(utf8::valid_or_error(0x110000), 0xFFFD);
}

#[test]
fn memhash_depends_on_every_byte_and_the_seed() {
    let data: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
    for n in 0..data.len() {
        let h = unsafe { hash::memhash(data.as_ptr(), 1, n) };
        assert_ne!(h, unsafe { hash::memhash(data.as_ptr(), 2, n) }, "seed, n={n}");
        for i in 0..n {
            let mut d2 = data.clone();
            d2[i] ^= 1;
            assert_ne!(h, unsafe { hash::memhash(d2.as_ptr(), 1, n) }, "n={n} i={i}");
        }
    }
}

// ---- the map algorithm over i64 keys and values, against std's HashMap ----

unsafe extern "C" fn h64(p: *const u8, seed: usize) -> usize {
    unsafe { hash::hash64(*(p as *const u64), seed as u64) as usize }
}
/// A bad hash: every key collides.
unsafe extern "C" fn hconst(_p: *const u8, _seed: usize) -> usize {
    42
}
unsafe extern "C" fn eq64(p: *const u8, q: *const u8) -> i8 {
    unsafe { (*(p as *const i64) == *(q as *const i64)) as i8 }
}
/// f64 keys: NaN != NaN.
unsafe extern "C" fn eqf64(p: *const u8, q: *const u8) -> i8 {
    unsafe { (*(p as *const f64) == *(q as *const f64)) as i8 }
}
unsafe extern "C" fn hf64(p: *const u8, seed: usize) -> usize {
    let f = unsafe { *(p as *const f64) };
    if f.is_nan() {
        return rnd() as usize;
    }
    hash::hash64(if f == 0.0 { 0 } else { f.to_bits() }, seed as u64) as usize
}
unsafe fn alloc(n: usize) -> *mut u8 {
    let layout = std::alloc::Layout::from_size_align(n.max(1), 16).unwrap();
    unsafe { std::alloc::alloc_zeroed(layout) }
}
fn rnd() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static S: AtomicU64 = AtomicU64::new(1);
    hash::wyrand(S.fetch_add(hash::WYRAND_STEP, Ordering::Relaxed))
}

fn shape(hash: hashmap::HashFn, equal: hashmap::EqualFn) -> hashmap::Shape {
    let (koff, eoff, stride) = hashmap::Shape::layout(8, 8, 8, 8);
    hashmap::Shape {
        ksize: 8,
        esize: 8,
        koff,
        eoff,
        stride,
        hash,
        equal,
        alloc,
        rand: rnd,
    }
}

fn new_map() -> Box<hashmap::Hmap> {
    let mut h: Box<hashmap::Hmap> = Box::new(unsafe { std::mem::zeroed() });
    h.hash0 = 12345;
    h
}

fn get(h: &hashmap::Hmap, k: i64, sh: &hashmap::Shape) -> Option<i64> {
    let p = unsafe { h.lookup(&k as *const i64 as *const u8, sh) };
    if p.is_null() {
        None
    } else {
        Some(unsafe { *(p as *const i64) })
    }
}

fn put(h: &mut hashmap::Hmap, k: i64, v: i64, sh: &hashmap::Shape) {
    unsafe { *(h.assign(&k as *const i64 as *const u8, sh) as *mut i64) = v };
}

fn del(h: &mut hashmap::Hmap, k: i64, sh: &hashmap::Shape) {
    unsafe { h.delete(&k as *const i64 as *const u8, sh) };
}

fn collect(h: &mut hashmap::Hmap, sh: &hashmap::Shape) -> Vec<(i64, i64)> {
    let mut it: hashmap::Hiter = unsafe { std::mem::zeroed() };
    let mut out = vec![];
    unsafe {
        hashmap::Hmap::iterinit(h, &mut it, sh);
        while !it.key.is_null() {
            out.push((*(it.key as *const i64), *(it.elem as *const i64)));
            hashmap::Hmap::iternext(&mut it, sh);
        }
    }
    out
}

#[test]
fn map_matches_std_under_random_operations() {
    for (name, hf) in [("good hash", h64 as hashmap::HashFn), ("constant hash", hconst)] {
        let sh = shape(hf, eq64);
        let mut h = new_map();
        let mut model = HashMap::new();
        let range = if name == "good hash" { 3000 } else { 200 };
        for step in 0..40_000u64 {
            let r = rnd();
            let k = (r % range) as i64;
            match (r >> 32) % 4 {
                0 | 1 => {
                    put(&mut h, k, step as i64, &sh);
                    model.insert(k, step as i64);
                }
                2 => {
                    del(&mut h, k, &sh);
                    model.remove(&k);
                }
                _ => assert_eq!(get(&h, k, &sh), model.get(&k).copied(), "{name} step {step}"),
            }
            assert_eq!(h.count, model.len());
            if step % 5000 == 0 {
                let mut got = collect(&mut h, &sh);
                got.sort();
                let mut want: Vec<_> = model.iter().map(|(&k, &v)| (k, v)).collect();
                want.sort();
                assert_eq!(got, want, "{name} iteration at step {step}");
            }
        }
    }
}

#[test]
fn iteration_survives_deletes_and_inserts() {
    let sh = shape(h64, eq64);
    for round in 0..50 {
        let mut h = new_map();
        for k in 0..500 {
            put(&mut h, k, k, &sh);
        }
        let mut it: hashmap::Hiter = unsafe { std::mem::zeroed() };
        let mut seen = HashSet::new();
        let mut deleted = HashSet::new();
        unsafe {
            hashmap::Hmap::iterinit(&mut *h, &mut it, &sh);
            let mut n = 0;
            while !it.key.is_null() {
                let k = *(it.key as *const i64);
                assert!(seen.insert(k), "round {round}: {k} seen twice");
                assert!(!deleted.contains(&k), "round {round}: deleted {k} seen");
                n += 1;
                // Delete some entries not yet seen, insert new ones (forcing rebuilds).
                let victim = (rnd() % 500) as i64;
                if !seen.contains(&victim) {
                    del(&mut h, victim, &sh);
                    deleted.insert(victim);
                }
                // (Bounded: new entries may be seen, and each would insert more.)
                if n < 300 {
                    for j in 0..3 {
                        put(&mut h, 1000 + n * 3 + j, 0, &sh);
                    }
                }
                assert!(n < 5000, "round {round}: iteration does not end");
                hashmap::Hmap::iternext(&mut it, &sh);
            }
        }
        for k in 0..500 {
            assert!(seen.contains(&k) || deleted.contains(&k), "round {round}: {k} missed");
        }
    }
}

#[test]
fn iteration_order_is_random() {
    let sh = shape(h64, eq64);
    let mut h = new_map();
    for k in 0..20 {
        put(&mut h, k, k, &sh);
    }
    let firsts: HashSet<i64> = (0..100).map(|_| collect(&mut h, &sh)[0].0).collect();
    assert!(firsts.len() > 5, "{firsts:?}");
}

#[test]
fn nan_keys_make_new_entries() {
    let sh = shape(hf64, eqf64);
    let mut h = new_map();
    let nan = f64::NAN;
    for _ in 0..3 {
        unsafe { h.assign(&nan as *const f64 as *const u8, &sh) };
    }
    assert_eq!(h.count, 3);
    assert!(unsafe { h.lookup(&nan as *const f64 as *const u8, &sh) }.is_null());
    // +0 and -0 are the same key.
    let (pz, nz) = (0.0f64, -0.0f64);
    unsafe {
        h.assign(&pz as *const f64 as *const u8, &sh);
        h.assign(&nz as *const f64 as *const u8, &sh);
    }
    assert_eq!(h.count, 4);
}

#[test]
fn churn_without_iterators_reuses_the_array() {
    let sh = shape(h64, eq64);
    let mut h = new_map();
    for k in 0..100_000 {
        put(&mut h, k, k, &sh);
        if k >= 10 {
            del(&mut h, k - 10, &sh);
        }
    }
    assert_eq!(h.count, 10);
    assert!(h.cap <= 32, "cap {}", h.cap);
}

#[test]
fn finished_iterations_let_the_map_compact_again() {
    let sh = shape(h64, eq64);
    let mut h = new_map();
    for k in 0..10 {
        put(&mut h, k, k, &sh);
    }
    assert_eq!(collect(&mut h, &sh).len(), 10);
    assert_eq!(h.iters, 0);
    for k in 10..100_000 {
        put(&mut h, k, k, &sh);
        del(&mut h, k - 10, &sh);
    }
    assert!(h.cap <= 32, "cap {}", h.cap);
}

#[test]
fn select_order_is_a_uniform_permutation() {
    let cases = [0u16, 1, 2];
    let mut counts = HashMap::new();
    for _ in 0..60_000 {
        let mut out = [0u16; 3];
        selectorder::permute(&cases, &mut out, |n| ((rnd() as u32 as u64 * n as u64) >> 32) as u32);
        let mut sorted = out;
        sorted.sort();
        assert_eq!(sorted, cases);
        *counts.entry(out).or_insert(0) += 1;
    }
    assert_eq!(counts.len(), 6);
    for (&p, &c) in &counts {
        assert!((9000..11000).contains(&c), "{p:?}: {c}");
    }
}
