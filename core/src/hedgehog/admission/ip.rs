//! IP addresses, prefixes and MAC addresses with the parsing rules Hedgehog's webhooks use
//! (Go's `net/netip` and `net.ParseMAC`): dotted IPv4 without leading zeros, IPv6, and
//! `address/bits` prefixes whose host bits may be set (only some rules require them clear).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An IPv4 or IPv6 address as a number (IPv4 in the low 32 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Addr {
    v6: bool,
    value: u128,
}

impl Addr {
    /// Parses an address (`10.0.1.1`, `fd00::1`); `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        match text.parse::<IpAddr>().ok()? {
            IpAddr::V4(v4) => Some(Self {
                v6: false,
                value: u128::from(u32::from(v4)),
            }),
            IpAddr::V6(v6) => Some(Self {
                v6: true,
                value: u128::from(v6),
            }),
        }
    }

    fn width(self) -> u8 {
        if self.v6 { 128 } else { 32 }
    }

    /// The next address (wrapping within the family, as Go's `Addr.Next` never matters here).
    pub fn next(self) -> Self {
        let max = if self.v6 {
            u128::MAX
        } else {
            u128::from(u32::MAX)
        };
        Self {
            v6: self.v6,
            value: if self.value == max { 0 } else { self.value + 1 },
        }
    }

    /// Whether `self` comes before `other` in the same family.
    pub fn less(self, other: Self) -> bool {
        (self.v6, self.value) < (other.v6, other.value)
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.v6 {
            Ipv6Addr::from(self.value).fmt(f)
        } else {
            // The value of an IPv4 address always fits 32 bits.
            Ipv4Addr::from(u32::try_from(self.value).unwrap_or(u32::MAX)).fmt(f)
        }
    }
}

/// A prefix `address/bits`; the address keeps any host bits as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prefix {
    addr: Addr,
    bits: u8,
}

impl Prefix {
    /// Parses `address/bits` (bits: decimal without sign or leading zeros, at most 32 for IPv4
    /// and 128 for IPv6).
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, bits) = text.split_once('/')?;
        let addr = Addr::parse(addr)?;
        if bits.is_empty()
            || !bits.bytes().all(|b| b.is_ascii_digit())
            || (bits.len() > 1 && bits.starts_with('0'))
        {
            return None;
        }
        let bits: u8 = bits.parse().ok()?;
        (bits <= addr.width()).then_some(Self { addr, bits })
    }

    pub fn bits(self) -> u8 {
        self.bits
    }

    pub fn addr(self) -> Addr {
        self.addr
    }

    fn host_mask(self) -> u128 {
        let host_bits = u32::from(self.addr.width() - self.bits);
        if host_bits == 0 {
            0
        } else if host_bits >= 128 {
            u128::MAX
        } else {
            (1u128 << host_bits) - 1
        }
    }

    /// The network address (host bits cleared).
    pub fn network(self) -> Addr {
        Addr {
            v6: self.addr.v6,
            value: self.addr.value & !self.host_mask(),
        }
    }

    /// The last address (all host bits set): the broadcast address of an IPv4 subnet.
    pub fn last(self) -> Addr {
        Addr {
            v6: self.addr.v6,
            value: self.network().value | self.host_mask(),
        }
    }

    /// Whether the written address has host bits set (`10.0.1.5/24`).
    pub fn has_host_bits(self) -> bool {
        self.addr != self.network()
    }

    /// The prefix with host bits cleared.
    pub fn masked(self) -> Self {
        Self {
            addr: self.network(),
            bits: self.bits,
        }
    }

    pub fn contains(self, addr: Addr) -> bool {
        addr.v6 == self.addr.v6 && addr.value & !self.host_mask() == self.network().value
    }

    /// Whether the two prefixes share an address (for CIDR blocks: one contains the other).
    pub fn overlaps(self, other: Self) -> bool {
        self.contains(other.network()) || other.contains(self.network())
    }

    /// Whether every address of `self` is in `outer`.
    pub fn is_subset_of(self, outer: Self) -> bool {
        outer.contains(self.network()) && self.bits >= outer.bits
    }

    /// `(family, first, last)`: the interval of addresses, for sorting.
    pub fn interval(self) -> (bool, u128, u128) {
        (self.addr.v6, self.network().value, self.last().value)
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.bits)
    }
}

/// Pairs `(i, j)` of overlapping prefixes among `prefixes`, found by sorting the address
/// intervals and sweeping with a stack of the enclosing ones: CIDR blocks either nest or are
/// disjoint, so every prefix still on the stack when another starts contains it.
/// O(n log n + pairs).
pub fn overlapping_pairs(prefixes: &[Prefix]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..prefixes.len()).collect();
    order.sort_by_key(|&i| {
        let (v6, first, last) = prefixes[i].interval();
        (v6, first, std::cmp::Reverse(last))
    });
    let mut pairs = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for i in order {
        let (v6, first, _) = prefixes[i].interval();
        while let Some(&top) = stack.last() {
            let (top_v6, _, top_last) = prefixes[top].interval();
            if top_v6 != v6 || top_last < first {
                stack.pop();
            } else {
                break;
            }
        }
        for &outer in &stack {
            pairs.push((outer, i));
        }
        stack.push(i);
    }
    pairs
}

/// Parses a MAC address the way Go's `net.ParseMAC` does (6, 8 or 20 bytes written as
/// `aa:bb:…`, `aa-bb-…` or `aabb.ccdd.…`) and returns its canonical form (lowercase, colons).
pub fn canonical_mac(text: &str) -> Option<String> {
    let bytes: Vec<u8> = if text.len() >= 14 && text.as_bytes().get(4) == Some(&b'.') {
        // Groups of four hex digits separated by dots.
        if !(text.len() + 1).is_multiple_of(5) {
            return None;
        }
        let mut out = Vec::new();
        for group in text.split('.') {
            if group.len() != 4 {
                return None;
            }
            out.push(u8::from_str_radix(&group[..2], 16).ok()?);
            out.push(u8::from_str_radix(&group[2..], 16).ok()?);
        }
        out
    } else {
        let sep = match text.as_bytes().get(2) {
            Some(b':') => ':',
            Some(b'-') => '-',
            _ => return None,
        };
        let mut out = Vec::new();
        for group in text.split(sep) {
            if group.len() != 2 || !group.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(group, 16).ok()?);
        }
        out
    };
    if !matches!(bytes.len(), 6 | 8 | 20) {
        return None;
    }
    Some(
        bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Prefix {
        Prefix::parse(s).unwrap()
    }

    #[test]
    fn prefixes() {
        assert!(Prefix::parse("10.0.0.0/33").is_none());
        assert!(Prefix::parse("10.0.0.0/08").is_none());
        assert!(Prefix::parse("10.0.0.0").is_none());
        assert!(Prefix::parse("010.0.0.0/8").is_none());
        assert!(Prefix::parse("not-a-cidr").is_none());
        assert_eq!(p("10.0.1.5/24").network().to_string(), "10.0.1.0");
        assert_eq!(p("10.0.1.5/24").last().to_string(), "10.0.1.255");
        assert!(p("10.0.1.5/24").has_host_bits());
        assert!(!p("10.0.1.0/24").has_host_bits());
        assert!(p("10.0.1.0/24").is_subset_of(p("10.0.0.0/8")));
        assert!(!p("10.0.0.0/7").is_subset_of(p("10.0.0.0/8")));
        assert!(p("10.0.0.0/16").overlaps(p("10.0.1.0/24")));
        assert!(!p("10.0.0.0/24").overlaps(p("10.0.1.0/24")));
        assert!(!p("10.0.0.0/8").overlaps(p("fd00::/8")));
        assert_eq!(p("0.0.0.0/0").last().to_string(), "255.255.255.255");
        assert_eq!(p("fd00::/120").last().to_string(), "fd00::ff");
    }

    #[test]
    fn overlap_sweep_matches_pairwise() {
        let list = [
            "10.0.0.0/16",
            "10.0.1.0/24",
            "10.0.1.128/25",
            "10.1.0.0/24",
            "10.0.2.0/24",
            "fd00::/64",
            "10.0.0.0/8",
        ]
        .map(p);
        let mut swept = overlapping_pairs(&list)
            .into_iter()
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect::<Vec<_>>();
        swept.sort();
        let mut pairwise = Vec::new();
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                if list[i].overlaps(list[j]) {
                    pairwise.push((i, j));
                }
            }
        }
        assert_eq!(swept, pairwise);
    }

    #[test]
    fn macs() {
        assert_eq!(
            canonical_mac("AA-BB-CC-DD-EE-FF").unwrap(),
            "aa:bb:cc:dd:ee:ff"
        );
        assert_eq!(
            canonical_mac("aabb.ccdd.eeff").unwrap(),
            "aa:bb:cc:dd:ee:ff"
        );
        assert!(canonical_mac("aa:bb:cc:dd:ee").is_none());
        assert!(canonical_mac("zz:bb:cc:dd:ee:ff").is_none());
        assert!(canonical_mac("").is_none());
    }
}
