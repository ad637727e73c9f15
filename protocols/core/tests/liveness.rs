//! The engine's node conditions keep their counters equal to a recount, whatever the order of
//! downs, ups, destructions and losses.

use depinsim_core::{Liveness, NodeId};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Up(u32, bool),
    Loss(u32, u8),
    Destroy(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..8u32, any::<bool>()).prop_map(|(n, u)| Op::Up(n, u)),
        (0..8u32, 0..3u8).prop_map(|(n, l)| Op::Loss(n, l)),
        (0..8u32).prop_map(Op::Destroy),
    ]
}

proptest! {
    #[test]
    fn up_and_degraded_counts_match_a_recount(ops in proptest::collection::vec(op(), 0..200)) {
        let mut live = Liveness::all_up(8);
        for o in ops {
            match o {
                Op::Up(n, up) => { live.set_up(NodeId(n), up); }
                Op::Loss(n, l) => { live.set_loss(NodeId(n), [0.0, 0.4, 1.0][l as usize]); }
                Op::Destroy(n) => { live.set_destroyed(NodeId(n)); }
            }
            let up = (0..8).filter(|n| live.is_up(NodeId(*n))).count();
            let degraded = (0..8).filter(|n| live.is_up(NodeId(*n)) && live.loss(NodeId(*n)) > 0.0).count();
            prop_assert_eq!(live.up_count(), up);
            prop_assert_eq!(live.degraded_count(), degraded);
        }
    }
}
