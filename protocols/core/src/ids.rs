//! Compact identifiers. Indices into the engine's vectors, so that per-node data is laid out
//! for scans and a million nodes cost a few megabytes.

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u32);
        impl $name {
            /// The index this id stands for.
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id!(
    /// A node of one network: a hotspot, a storage node, a point of presence.
    NodeId
);
id!(
    /// A vertex of the world's dependency graph: a region, provider, site or shared service.
    VertexId
);
id!(
    /// An operator: who runs a node, is paid its rewards and pays its costs.
    OperatorId
);
